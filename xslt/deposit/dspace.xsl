<?xml version="1.0" encoding="UTF-8"?>
<!-- TEI header → the dublin_core.xml of a DSpace Simple Archive Format item: dcvalue elements with
     the element and qualifier of DSpace's default Dublin Core registry. Same facts as datacite.xsl
     (docs/deposit.md). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:dep="urn:edition:deposit"
    exclude-result-prefixes="#all">

  <xsl:include href="header.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:template match="/">
    <xsl:variable name="header" select="dep:header(.)"/>
    <xsl:if test="empty($header)">
      <xsl:message terminate="yes">not a TEI document with a teiHeader</xsl:message>
    </xsl:if>
    <xsl:apply-templates select="$header"/>
  </xsl:template>

  <xsl:function name="dep:dcvalue" as="element(dcvalue)*">
    <xsl:param name="element" as="xs:string"/>
    <xsl:param name="qualifier" as="xs:string"/>
    <xsl:param name="values" as="xs:string*"/>
    <xsl:for-each select="$values[normalize-space()]">
      <dcvalue element="{$element}" qualifier="{$qualifier}"><xsl:value-of select="normalize-space(.)"/></dcvalue>
    </xsl:for-each>
  </xsl:function>

  <xsl:template match="tei:teiHeader">
    <xsl:variable name="doi" select="dep:doi(.)"/>
    <xsl:variable name="creators" select="dep:creators(.)"/>
    <xsl:variable name="lang" select="dep:languages(.)[1]"/>
    <dublin_core schema="dc">
      <dcvalue element="title" qualifier="none">
        <xsl:for-each select="$lang"><xsl:attribute name="language" select="."/></xsl:for-each>
        <xsl:value-of select="dep:title(.)"/>
      </dcvalue>
      <xsl:sequence select="dep:dcvalue('title', 'alternative', dep:subtitles(.))"/>
      <xsl:sequence select="dep:dcvalue('contributor', 'author', $creators ! dep:record-name(.))"/>
      <xsl:sequence select="dep:dcvalue('contributor', 'editor', dep:editors(.) ! dep:record-name(.))"/>
      <xsl:sequence select="dep:dcvalue('contributor', 'other', (dep:translators(.),
          dep:recorders(.)[not(dep:display-name(.) = $creators ! dep:display-name(.))]) ! dep:record-name(.))"/>
      <xsl:sequence select="dep:dcvalue('date', 'created', dep:created(.))"/>
      <xsl:sequence select="dep:dcvalue('date', 'issued', dep:publication-date(.))"/>
      <xsl:sequence select="dep:dcvalue('identifier', 'uri', $doi ! ('https://doi.org/' || dep:bare-doi(.)))"/>
      <xsl:sequence select="dep:dcvalue('identifier', 'other', dep:edition-id(.))"/>
      <xsl:sequence select="dep:dcvalue('description', 'abstract', dep:abstracts(.))"/>
      <xsl:sequence select="dep:dcvalue('description', 'none', dep:introduction(.)[empty(dep:abstracts(current()))])"/>
      <xsl:sequence select="dep:dcvalue('description', 'version', dep:version(.))"/>
      <xsl:sequence select="dep:dcvalue('description', 'sponsorship', dep:funders(.) ! dep:norm(.))"/>
      <xsl:sequence select="dep:dcvalue('publisher', 'none', dep:publisher(.))"/>
      <xsl:sequence select="dep:dcvalue('language', 'iso', dep:languages(.))"/>
      <xsl:sequence select="dep:dcvalue('subject', 'none', dep:subjects(.) ! dep:norm(.))"/>
      <xsl:sequence select="dep:dcvalue('type', 'none', 'Text')"/>
      <xsl:sequence select="dep:dcvalue('format', 'mimetype', 'application/tei+xml')"/>
      <xsl:sequence select="dep:dcvalue('source', 'uri', dep:source-urls(.))"/>
      <xsl:sequence select="dep:dcvalue('source', 'none', dep:archival-citation(.))"/>
      <xsl:sequence select="dep:dcvalue('relation', 'uri', dep:page-urls(.))"/>
      <xsl:sequence select="dep:dcvalue('relation', 'ispartof', ((./tei:fileDesc/tei:seriesStmt/tei:title)[1] ! dep:norm(.),
          dep:series-idnos(.) ! (if (lower-case(@type) = 'doi') then 'https://doi.org/' || dep:bare-doi(.) else dep:norm(.))))"/>
      <xsl:sequence select="dep:dcvalue('coverage', 'spatial', distinct-values(./tei:profileDesc/tei:settingDesc//tei:placeName ! dep:norm(.)))"/>
      <xsl:for-each select="dep:licences(.)">
        <xsl:sequence select="dep:dcvalue('rights', 'none', dep:norm(.))"/>
        <xsl:sequence select="dep:dcvalue('rights', 'uri', @target[matches(., '^https?://')])"/>
      </xsl:for-each>
    </dublin_core>
  </xsl:template>
</xsl:stylesheet>
