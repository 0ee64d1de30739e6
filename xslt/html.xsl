<?xml version="1.0" encoding="UTF-8"?>
<!-- The HTML reading edition. Input: one TEI document (gives its document page), an ed:site
     collection made by edition/publish/html/site.py (writes each document's page and digest with
     xsl:result-document) or an ed:listing collection of digests (writes the listing pages). params.xsl is imported so that a customisation, or print.xsl,
     overrides parameters; the modules are included. -->
<xsl:stylesheet version="3.0"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:site"
    xmlns:f="urn:edition:functions"
    xmlns:m="urn:edition:modes"
    xmlns:t="urn:edition:templates"
    exclude-result-prefixes="#all">

  <xsl:import href="params.xsl"/>

  <xsl:include href="modules/functions.xsl"/>
  <xsl:include href="modules/text.xsl"/>
  <xsl:include href="modules/names.xsl"/>
  <xsl:include href="modules/notes.xsl"/>
  <xsl:include href="modules/apparatus.xsl"/>
  <xsl:include href="modules/unhandled.xsl"/>
  <xsl:include href="modules/sources.xsl"/>
  <xsl:include href="modules/genres.xsl"/>
  <xsl:include href="modules/figures.xsl"/>
  <xsl:include href="modules/page.xsl"/>
  <xsl:include href="modules/document.xsl"/>
  <xsl:include href="modules/odd.xsl"/>
  <xsl:include href="modules/site.xsl"/>
  <xsl:include href="modules/indexes.xsl"/>
  <xsl:include href="modules/search.xsl"/>
  <xsl:include href="modules/citation.xsl"/>
  <xsl:include href="modules/reading.xsl"/>

  <!-- Positional ids and note numbers come from accumulators over the source document. -->
  <xsl:mode use-accumulators="#all"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no" include-content-type="no"/>

  <!-- One document: its page. -->
  <xsl:template match="/tei:TEI">
    <xsl:call-template name="t:document-page">
      <xsl:with-param name="tei" select="."/>
      <xsl:with-param name="root" select="$root-href"/>
      <xsl:with-param name="downloads" select="map:merge((
          $tei-href[. ne ''] ! map{'tei': .},
          $pdf-href[. ne ''] ! map{'pdf': ., 'pdf-name': tokenize(., '/')[last()]},
          $package-href[. ne ''] ! map{'package': .}))" xmlns:map="http://www.w3.org/2005/xpath-functions/map"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Anything else at the root is not an edition document. -->
  <xsl:template match="/*" priority="-1">
    <xsl:message terminate="yes" select="'edition: the root element is ' || name(/*) || ', not TEI (http://www.tei-c.org/ns/1.0)'"/>
  </xsl:template>
</xsl:stylesheet>
