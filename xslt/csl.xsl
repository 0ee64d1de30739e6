<?xml version="1.0" encoding="UTF-8"?>
<!-- The citation records (CSL-JSON) of a TEI document or of an ed:site collection (its documents,
     not its ODD), as one JSON object: document id → record (modules/citation.xsl). edition/publish/citation.py runs it before the
     site or the PDF is made and renders every citation from these records. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:f="urn:edition:functions"
    xmlns:ed="urn:edition:site"
    exclude-result-prefixes="#all">

  <xsl:import href="html.xsl"/>

  <xsl:output method="json" indent="no" encoding="UTF-8"/>

  <xsl:template match="/" priority="10">
    <xsl:sequence select="map:merge((//tei:TEI[not(ancestor::tei:TEI)][not(parent::ed:odd)] ! map{f:doc-id(.): f:csl-record(.)}))"/>
  </xsl:template>
</xsl:stylesheet>
