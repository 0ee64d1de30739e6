<?xml version="1.0" encoding="UTF-8"?>
<!-- Names in the text, linked to the register: the link leads to the index page, the script
     opens a popover with the entry (from the "Names in this document" list) instead. -->
<xsl:stylesheet version="3.0"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:f="urn:edition:functions"
    xmlns:m="urn:edition:modes"
    xmlns:t="urn:edition:templates"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- The page of the register for an entry, from the site root. -->
  <xsl:function name="f:entry-href" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="f:entry-kind($entry) || '.html#' || $entry/@xml:id"/>
  </xsl:function>

  <xsl:template match="persName | placeName | orgName | name | rs | geogName | settlement[ancestor::text] | country[ancestor::text]" mode="m:text">
    <xsl:param name="root" as="xs:string" tunnel="yes" select="''"/>
    <xsl:variable name="entry" select="f:entry(.)"/>
    <xsl:variable name="external" select="if (empty($entry)) then f:safe-url(@ref[matches(., '^https?:', 'i')]) else ()"/>
    <xsl:variable name="nested" select="exists(ancestor::ref) or exists(ancestor::*[self::persName or self::placeName or self::orgName or self::name or self::rs][exists(f:entry(.)) or exists(f:safe-url(@ref[matches(., '^https?:', 'i')]))])"/>
    <xsl:variable name="class" select="string-join(('name', 'name-' || local-name(), $entry ! ('kind-' || f:entry-kind(.))), ' ')"/>
    <xsl:variable name="content">
      <xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$nested or (empty($entry) and empty($external))">
        <span class="{$class}"><xsl:apply-templates select="." mode="m:attributes"/><xsl:sequence select="$content"/></span>
      </xsl:when>
      <xsl:when test="exists($entry)">
        <a class="{$class}" href="{$root}{f:entry-href($entry)}" data-entry="{$entry/@xml:id}" aria-haspopup="dialog">
          <xsl:apply-templates select="." mode="m:attributes"/>
          <xsl:sequence select="$content"/>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <a class="{$class}" href="{$external}"><xsl:apply-templates select="." mode="m:attributes"/><xsl:sequence select="$content"/></a>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An entry's authority links (Wikidata, VIAF, GeoNames, ...). -->
  <xsl:template name="t:authority-links">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="links" select="f:authority-links($entry)"/>
    <xsl:if test="exists($links)">
      <span class="authority">
        <xsl:for-each select="$links">
          <xsl:if test="position() gt 1"><xsl:text> · </xsl:text></xsl:if>
          <a class="authority-link" href="{?url}" rel="external"><xsl:value-of select="?label"/></a>
        </xsl:for-each>
      </span>
    </xsl:if>
  </xsl:template>

  <!-- The entries a document names, for its "Names in this document" list and popovers. -->
  <xsl:function name="f:named-entries" as="element()*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="entries" select="$tei/text//(persName | placeName | orgName | name | rs | geogName)/f:entry(.)"/>
    <xsl:sequence select="$entries/."/>
  </xsl:function>
</xsl:stylesheet>
