<?xml version="1.0" encoding="UTF-8"?>
<!-- The fallback for elements without a template of their own: any TEI renders, readable.
     The element's name becomes a class, so a customisation can style it. -->
<xsl:stylesheet version="3.0"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:f="urn:edition:functions"
    xmlns:m="urn:edition:modes"
    exclude-result-prefixes="#all">

  <xsl:template match="*" mode="m:text" priority="-10">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:if test="$report-unhandled">
      <xsl:message select="string-join(('edition:unhandled', (ancestor::tei:TEI[1] ! f:doc-id(.), '')[1], name(),
                                        string-join(ancestor-or-self::*[namespace-uri() ne 'urn:edition:site'] ! local-name(), '/')), '|')"/>
    </xsl:if>
    <xsl:variable name="block" select="not($inline) and exists(*[f:has-block(.) or self::tei:p or self::tei:list or self::tei:table or self::tei:div])"/>
    <xsl:element name="{if ($block) then 'div' else 'span'}" namespace="http://www.w3.org/1999/xhtml">
      <xsl:attribute name="class" select="'tei tei-' || f:token(local-name())"/>
      <xsl:apply-templates select="." mode="m:attributes"/>
      <xsl:apply-templates mode="m:text">
        <xsl:with-param name="inline" tunnel="yes" select="$inline or not($block)"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>
</xsl:stylesheet>
