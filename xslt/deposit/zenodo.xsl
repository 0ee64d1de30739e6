<?xml version="1.0" encoding="UTF-8"?>
<!-- TEI header → the metadata of a Zenodo deposition (Zenodo's legacy REST API, "Deposit metadata"),
     as JSON: the object the packager writes to metadata/zenodo.json and the deposit command
     sends as {"metadata": …}. Same facts as datacite.xsl (docs/deposit.md). A fact Zenodo requires
     that the header lacks (description, licence) leaves the key out: the packager reports it. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:dep="urn:edition:deposit"
    xmlns:fn="http://www.w3.org/2005/xpath-functions"
    exclude-result-prefixes="#all">

  <xsl:include href="header.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <!-- ISO 639-1 → ISO 639-3, the form Zenodo's "language" takes. -->
  <xsl:variable name="iso639-3" select="map {'en': 'eng', 'ru': 'rus', 'zh': 'zho', 'de': 'deu', 'fr': 'fra',
      'pl': 'pol', 'cs': 'ces', 'bg': 'bul', 'hu': 'hun', 'ro': 'ron', 'es': 'spa', 'it': 'ita', 'ja': 'jpn',
      'ko': 'kor', 'vi': 'vie', 'uk': 'ukr', 'sk': 'slk', 'sr': 'srp', 'hr': 'hrv', 'sq': 'sqi', 'mn': 'mon',
      'pt': 'por', 'nl': 'nld', 'ar': 'ara', 'fa': 'fas', 'he': 'heb', 'tr': 'tur', 'el': 'ell'}"/>

  <xsl:template match="/">
    <xsl:variable name="header" select="dep:header(.)"/>
    <xsl:if test="empty($header)">
      <xsl:message terminate="yes">not a TEI document with a teiHeader</xsl:message>
    </xsl:if>
    <xsl:variable name="json"><xsl:apply-templates select="$header"/></xsl:variable>
    <xsl:value-of select="xml-to-json($json, map {'indent': true()})"/>
  </xsl:template>

  <!-- name, affiliation, orcid of a creator or contributor -->
  <xsl:template name="dep:person">
    <fn:string key="name"><xsl:value-of select="dep:record-name(.)"/></fn:string>
    <xsl:for-each select="dep:affiliations(.)[1]"><fn:string key="affiliation"><xsl:value-of select="dep:norm(.)"/></fn:string></xsl:for-each>
    <xsl:for-each select="dep:orcid(.)"><fn:string key="orcid"><xsl:value-of select="substring-after(., 'https://orcid.org/')"/></fn:string></xsl:for-each>
  </xsl:template>

  <xsl:template match="tei:teiHeader">
    <xsl:variable name="creators" select="dep:creators(.)"/>
    <xsl:variable name="issued" select="dep:publication-date(.)"/>
    <xsl:variable name="description" select="dep:description(.)"/>
    <xsl:variable name="spdx" select="dep:licences(.) ! dep:spdx(.)"/>
    <fn:map>
      <fn:string key="upload_type">publication</fn:string>
      <fn:string key="publication_type">other</fn:string>
      <xsl:if test="matches($issued, '^\d{4}(-\d{2}(-\d{2})?)?$')">
        <!-- Zenodo wants a full date: a year alone is 1 January of that year (as the Bagging-Date) -->
        <fn:string key="publication_date"><xsl:value-of select="$issued || substring('-01-01', 1, 10 - string-length($issued))"/></fn:string>
      </xsl:if>
      <fn:string key="title"><xsl:value-of select="dep:title(.)"/></fn:string>
      <fn:array key="creators">
        <xsl:for-each select="$creators"><fn:map><xsl:call-template name="dep:person"/></fn:map></xsl:for-each>
      </fn:array>
      <xsl:for-each select="$description">
        <!-- Zenodo's description is HTML: the text, its markup characters escaped, as one paragraph -->
        <fn:string key="description"><xsl:value-of select="'&lt;p&gt;' || replace(replace(replace(., '&amp;', '&amp;amp;'), '&lt;', '&amp;lt;'), '&gt;', '&amp;gt;') || '&lt;/p&gt;'"/></fn:string>
      </xsl:for-each>
      <fn:string key="access_right">open</fn:string>
      <xsl:for-each select="$spdx[1]"><fn:string key="license"><xsl:value-of select="lower-case(.)"/></fn:string></xsl:for-each>
      <xsl:variable name="keywords" select="distinct-values(dep:subjects(.) ! dep:norm(.))"/>
      <xsl:if test="exists($keywords)">
        <fn:array key="keywords"><xsl:for-each select="$keywords"><fn:string><xsl:value-of select="."/></fn:string></xsl:for-each></fn:array>
      </xsl:if>
      <xsl:variable name="related" as="element()*">
        <xsl:for-each select="dep:source-urls(.)">
          <fn:map><fn:string key="identifier"><xsl:value-of select="."/></fn:string><fn:string key="relation">isDerivedFrom</fn:string></fn:map>
        </xsl:for-each>
        <xsl:for-each select="dep:page-urls(.)">
          <fn:map><fn:string key="identifier"><xsl:value-of select="."/></fn:string><fn:string key="relation">isVariantFormOf</fn:string></fn:map>
        </xsl:for-each>
        <xsl:for-each select="dep:series-idnos(.)">
          <fn:map><fn:string key="identifier"><xsl:value-of select="if (lower-case(@type) = 'doi') then dep:bare-doi(.) else dep:norm(.)"/></fn:string><fn:string key="relation">isPartOf</fn:string></fn:map>
        </xsl:for-each>
      </xsl:variable>
      <xsl:if test="exists($related)">
        <fn:array key="related_identifiers"><xsl:sequence select="$related"/></fn:array>
      </xsl:if>
      <xsl:variable name="contributors" as="element()*">
        <xsl:for-each select="dep:translators(.)">
          <fn:map><xsl:call-template name="dep:person"/><fn:string key="type">Other</fn:string></fn:map>
        </xsl:for-each>
        <xsl:for-each select="dep:recorders(.)[not(dep:display-name(.) = $creators ! dep:display-name(.))]">
          <fn:map><xsl:call-template name="dep:person"/><fn:string key="type">DataCollector</fn:string></fn:map>
        </xsl:for-each>
        <xsl:for-each select="dep:editors(.)">
          <fn:map><xsl:call-template name="dep:person"/><fn:string key="type">Editor</fn:string></fn:map>
        </xsl:for-each>
      </xsl:variable>
      <xsl:if test="exists($contributors)">
        <fn:array key="contributors"><xsl:sequence select="$contributors"/></fn:array>
      </xsl:if>
      <xsl:for-each select="dep:version(.)"><fn:string key="version"><xsl:value-of select="."/></fn:string></xsl:for-each>
      <xsl:for-each select="dep:languages(.)[1]">
        <fn:string key="language"><xsl:value-of select="($iso639-3(substring(., 1, 2)), .)[1]"/></fn:string>
      </xsl:for-each>
      <xsl:variable name="notes" select="(dep:archival-citation(.) ! ('Original: ' || . || '.'),
          dep:funders(.) ! ('Funded by ' || dep:norm(.) || '.'),
          dep:rights-notes(.) ! ('Rights of the source, as received: ' || .))"/>
      <xsl:if test="exists($notes)">
        <fn:string key="notes"><xsl:value-of select="string-join($notes, ' ')"/></fn:string>
      </xsl:if>
      <xsl:for-each select="dep:doi(.)"><fn:string key="doi"><xsl:value-of select="dep:bare-doi(.)"/></fn:string></xsl:for-each>
    </fn:map>
  </xsl:template>
</xsl:stylesheet>
