<?xml version="1.0" encoding="UTF-8"?>
<!-- TEI header → simple Dublin Core (OAI-PMH oai_dc), the record a repository harvests.
     Same facts as datacite.xsl, flattened to the fifteen elements (docs/deposit.md). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:dep="urn:edition:deposit"
    xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
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

  <xsl:template match="tei:teiHeader">
    <xsl:variable name="doi" select="dep:doi(.)"/>
    <oai_dc:dc xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">
      <xsl:namespace name="dc" select="'http://purl.org/dc/elements/1.1/'"/>
      <dc:title><xsl:value-of select="dep:title(.)"/></dc:title>
      <xsl:variable name="creators" select="dep:creators(.)"/>
      <xsl:for-each select="$creators">
        <dc:creator><xsl:value-of select="dep:record-name(.)"/></dc:creator>
      </xsl:for-each>
      <xsl:for-each select="(dep:translators(.), dep:recorders(.)[not(dep:display-name(.) = $creators ! dep:display-name(.))], dep:editors(.))">
        <dc:contributor><xsl:value-of select="dep:record-name(.)"/></dc:contributor>
      </xsl:for-each>
      <xsl:for-each select="dep:subjects(.)">
        <dc:subject><xsl:value-of select="dep:norm(.)"/></dc:subject>
      </xsl:for-each>
      <xsl:for-each select="dep:description(.)">
        <dc:description><xsl:value-of select="."/></dc:description>
      </xsl:for-each>
      <xsl:for-each select="dep:publisher(.)">
        <dc:publisher><xsl:value-of select="."/></dc:publisher>
      </xsl:for-each>
      <xsl:for-each select="(dep:created(.), dep:publication-date(.))">
        <dc:date><xsl:value-of select="."/></dc:date>
      </xsl:for-each>
      <dc:type>Text</dc:type>
      <dc:format>application/tei+xml</dc:format>
      <dc:identifier><xsl:value-of select="if ($doi) then 'https://doi.org/' || dep:bare-doi($doi) else dep:edition-id(.)"/></dc:identifier>
      <xsl:for-each select="(dep:source-urls(.), dep:archival-citation(.))">
        <dc:source><xsl:value-of select="."/></dc:source>
      </xsl:for-each>
      <xsl:for-each select="(dep:page-urls(.), dep:series-idnos(.) ! (if (lower-case(@type) = 'doi') then 'https://doi.org/' || dep:bare-doi(.) else dep:norm(.)))">
        <dc:relation><xsl:value-of select="."/></dc:relation>
      </xsl:for-each>
      <xsl:for-each select="dep:languages(.)">
        <dc:language><xsl:value-of select="."/></dc:language>
      </xsl:for-each>
      <xsl:for-each select="distinct-values(./tei:profileDesc/tei:settingDesc//tei:placeName[normalize-space()] ! dep:norm(.))">
        <dc:coverage><xsl:value-of select="."/></dc:coverage>
      </xsl:for-each>
      <xsl:for-each select="dep:licences(.)">
        <dc:rights><xsl:value-of select="(@target[matches(., '^https?://')], dep:norm(.))[1]"/></dc:rights>
      </xsl:for-each>
    </oai_dc:dc>
  </xsl:template>
</xsl:stylesheet>
