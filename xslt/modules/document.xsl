<?xml version="1.0" encoding="UTF-8"?>
<!-- The document page: header block (who, when, where, archival source, licence, how to
     cite, downloads), reading switch, text, notes, figures, names. -->
<xsl:stylesheet version="3.0"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:site"
    xmlns:f="urn:edition:functions"
    xmlns:m="urn:edition:modes"
    xmlns:t="urn:edition:templates"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- The page's absolute URL when the site's base URL is known. -->
  <xsl:function name="f:doc-url" as="xs:string?">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="if ($base-url ne '') then $base-url || 'documents/' || f:doc-id($tei) || '.html' else ()"/>
  </xsl:function>

  <!-- The document's DOI (publicationStmt/idno[@type='DOI']), bare (10.…). -->
  <xsl:function name="f:doi" as="xs:string?">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="($tei/teiHeader/fileDesc/publicationStmt/idno[lower-case(@type) = 'doi'])[1]
                          ! replace(normalize-space(.), '^(https?://(dx\.)?doi\.org/|doi:)', '', 'i')[matches(., '^10\.\d+/\S+$')]"/>
  </xsl:function>

  <!-- The editors of the edition (titleStmt/editor), as displayed: their names, without affiliations. -->
  <xsl:function name="f:editors" as="xs:string*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="$tei/teiHeader/fileDesc/titleStmt/editor
                          ! normalize-space(((persName | orgName | name)[1], .)[1])[. ne '']"/>
  </xsl:function>

  <xsl:function name="f:person-names" as="xs:string*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="$tei/teiHeader/profileDesc/particDesc//person ! f:entry-name(.)"/>
  </xsl:function>

  <xsl:function name="f:resp-name" as="xs:string?">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:sequence select="($tei/teiHeader/fileDesc/titleStmt/respStmt[@xml:id = $id]/(persName, name, orgName) ! normalize-space(.))[1]"/>
  </xsl:function>

  <xsl:function name="f:archival-citation" as="xs:string?">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="ms" select="$tei/teiHeader/fileDesc/sourceDesc/msDesc[1]"/>
    <xsl:sequence select="(normalize-space(($ms//idno[@type = 'citation'])[1])[. ne ''],
        $ms/msIdentifier[idno or repository] ! normalize-space(string-join((repository, idno ! (@type || ' ' || .)), ', ')))[1]"/>
  </xsl:function>

  <!-- The citation of a document, as plain text. -->
  <xsl:function name="f:citation" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="recorder" select="f:resp-name($tei, 'recorder')"/>
    <xsl:variable name="translator" select="f:resp-name($tei, 'translator')"/>
    <xsl:variable name="pub" select="$tei/teiHeader/fileDesc/publicationStmt"/>
    <xsl:sequence select="string-join((
        $recorder ! (. || '.'),
        '“' || f:doc-title($tei) || '.”',
        f:doc-iso-date($tei) ! (f:format-date(.) || '.'),
        f:archival-citation($tei) ! (. || '.'),
        $translator ! ('Translated by ' || . || '.'),
        string-join(f:editors($tei), ', ')[. ne ''] ! ('Edited by ' || . || '.'),
        'In ' || $site-title || '.',
        string-join((normalize-space($pub/publisher[1])[. ne ''], normalize-space($pub/date[1])[. ne '']), ', ')[. ne ''] ! (. || '.'),
        (f:doi($tei) ! ('https://doi.org/' || .), f:doc-url($tei))[1]), ' ')"/>
  </xsl:function>

  <!-- Highwire Press and Dublin Core tags, for reference managers. -->
  <xsl:template name="t:document-meta">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:param name="pdf" as="xs:string?"/>
    <xsl:variable name="date" select="f:doc-iso-date($tei)"/>
    <xsl:variable name="recorder" select="f:resp-name($tei, 'recorder')"/>
    <xsl:variable name="pub" select="$tei/teiHeader/fileDesc/publicationStmt"/>
    <xsl:variable name="licence" select="($pub/availability/licence)[1]"/>
    <xsl:variable name="lang" select="($tei/@xml:lang, 'en')[1]"/>
    <meta name="citation_title" content="{f:doc-title($tei)}"/>
    <xsl:for-each select="$recorder"><meta name="citation_author" content="{.}"/></xsl:for-each>
    <!-- the edition's date, not the document's: Google Scholar lists the item under it -->
    <xsl:for-each select="f:edition-iso-date($tei)">
      <meta name="citation_publication_date" content="{translate(., '-', '/')}"/>
      <meta name="citation_online_date" content="{translate(., '-', '/')}"/>
    </xsl:for-each>
    <xsl:for-each select="f:doi($tei)"><meta name="citation_doi" content="{.}"/></xsl:for-each>
    <xsl:for-each select="normalize-space($pub/publisher[1])[. ne '']"><meta name="citation_publisher" content="{.}"/></xsl:for-each>
    <meta name="citation_language" content="{$lang}"/>
    <xsl:for-each select="f:doi($tei)"><meta name="citation_doi" content="{.}"/></xsl:for-each>
    <xsl:for-each select="f:doc-url($tei)"><meta name="citation_public_url" content="{.}"/></xsl:for-each>
    <xsl:for-each select="$pdf[$base-url ne '']"><meta name="citation_pdf_url" content="{$base-url}downloads/{.}"/></xsl:for-each>
    <link rel="schema.DC" href="http://purl.org/dc/elements/1.1/"/>
    <meta name="DC.title" content="{f:doc-title($tei)}"/>
    <xsl:for-each select="$recorder"><meta name="DC.creator" content="{.}"/></xsl:for-each>
    <xsl:for-each select="$tei/teiHeader/fileDesc/titleStmt/respStmt[@xml:id = 'translator']/(persName, name)[1]">
      <meta name="DC.contributor" content="{normalize-space(.)}"/>
    </xsl:for-each>
    <xsl:for-each select="$date"><meta name="DC.date" content="{.}"/></xsl:for-each>
    <xsl:for-each select="f:edition-iso-date($tei)"><meta name="DC.date.issued" content="{.}"/></xsl:for-each>
    <xsl:for-each select="normalize-space($pub/publisher[1])[. ne '']"><meta name="DC.publisher" content="{.}"/></xsl:for-each>
    <meta name="DC.type" content="Text"/>
    <meta name="DC.format" content="text/html"/>
    <meta name="DC.language" content="{$lang}"/>
    <xsl:for-each select="($licence/@target ! f:safe-url(.), normalize-space($licence)[. ne ''])[1]"><meta name="DC.rights" content="{.}"/></xsl:for-each>
    <xsl:for-each select="f:archival-citation($tei)"><meta name="DC.source" content="{.}"/></xsl:for-each>
    <!-- an identifier that is a URI: the DOI's resolver address, else the page's absolute URL -->
    <xsl:for-each select="(f:doi($tei) ! ('https://doi.org/' || .), f:doc-url($tei))[1]"><meta name="DC.identifier" content="{.}"/></xsl:for-each>
    <xsl:for-each select="f:doc-url($tei)"><link rel="canonical" href="{.}"/></xsl:for-each>
    <xsl:for-each select="string-join($tei/teiHeader/profileDesc/abstract ! f:plain(.), ' ')[. ne '']"><meta name="description" content="{.}"/></xsl:for-each>
  </xsl:template>

  <!-- The whole document page. $downloads: map with keys tei, pdf, package (hrefs from the page). -->
  <xsl:template name="t:document-page">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:param name="root" as="xs:string"/>
    <xsl:param name="downloads" as="map(xs:string, xs:string)"/>
    <xsl:variable name="lang" select="($tei/@xml:lang, 'en')[1]"/>
    <xsl:call-template name="t:page">
      <xsl:with-param name="title" select="f:doc-title($tei)"/>
      <xsl:with-param name="root" select="$root"/>
      <xsl:with-param name="lang" select="$lang"/>
      <xsl:with-param name="body-class" select="'page page-document'"/>
      <xsl:with-param name="meta">
        <xsl:call-template name="t:document-meta">
          <xsl:with-param name="tei" select="$tei"/>
          <xsl:with-param name="pdf" select="$downloads?pdf-name"/>
        </xsl:call-template>
      </xsl:with-param>
      <xsl:with-param name="content">
        <article class="document" id="document-{f:doc-id($tei)}">
          <h1 class="doc-title"><xsl:value-of select="f:doc-title($tei)"/></h1>
          <xsl:for-each select="f:doc-iso-date($tei)"><p class="doc-dateline"><time datetime="{.}"><xsl:value-of select="f:format-date(.)"/></time></p></xsl:for-each>
          <!-- the text comes first; what is about it is in the panel (beside the text on wide screens, after it on phones) -->
          <xsl:call-template name="t:page-links"><xsl:with-param name="tei" select="$tei"/><xsl:with-param name="downloads" select="$downloads"/></xsl:call-template>
          <div class="doc-layout">
          <section class="text" aria-labelledby="text-heading">
            <h2 id="text-heading">Text</h2>
            <xsl:if test="$tei/text//choice[(sic | orig) and (corr | reg)]">
              <fieldset class="reading-switch" hidden="hidden">
                <legend>Reading</legend>
                <label><input type="radio" name="reading" value="edited">
                  <xsl:if test="$default-reading ne 'received'"><xsl:attribute name="checked" select="'checked'"/></xsl:if>
                </input> edited (corrected, regularised)</label>
                <label><input type="radio" name="reading" value="received">
                  <xsl:if test="$default-reading eq 'received'"><xsl:attribute name="checked" select="'checked'"/></xsl:if>
                </input> as received (<i>sic</i>)</label>
              </fieldset>
            </xsl:if>
            <xsl:call-template name="t:witness-switch"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
            <div class="text-body">
              <xsl:apply-templates select="$tei/text" mode="m:text">
                <xsl:with-param name="root" tunnel="yes" select="$root"/>
              </xsl:apply-templates>
            </div>
            <xsl:call-template name="t:source-documents"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
            <xsl:call-template name="t:facsimile"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
          </section>
          <aside class="doc-panel" aria-label="About this document">
            <details class="panel about-panel" id="about" data-open-wide="">
              <summary><h2 id="about-heading">About this document</h2></summary>
              <xsl:call-template name="t:document-header"><xsl:with-param name="tei" select="$tei"/><xsl:with-param name="root" tunnel="yes" select="$root"/></xsl:call-template>
              <xsl:call-template name="t:letter-header"><xsl:with-param name="tei" select="$tei"/><xsl:with-param name="root" tunnel="yes" select="$root"/></xsl:call-template>
              <xsl:call-template name="t:manuscripts"><xsl:with-param name="tei" select="$tei"/><xsl:with-param name="root" tunnel="yes" select="$root"/></xsl:call-template>
            </details>
            <xsl:call-template name="t:citation"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
            <xsl:call-template name="t:downloads"><xsl:with-param name="tei" select="$tei"/><xsl:with-param name="downloads" select="$downloads"/></xsl:call-template>
            <xsl:call-template name="t:toc"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
          </aside>
          </div>
          <xsl:call-template name="t:apparatus-list"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
          <xsl:call-template name="t:notes"><xsl:with-param name="tei" select="$tei"/><xsl:with-param name="root" tunnel="yes" select="$root"/></xsl:call-template>
          <xsl:call-template name="t:apparatus-panel"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
          <xsl:if test="$show-figures">
            <xsl:call-template name="t:figures"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
          </xsl:if>
          <xsl:call-template name="t:document-names">
            <xsl:with-param name="tei" select="$tei"/>
            <xsl:with-param name="root" select="$root"/>
          </xsl:call-template>
          <script src="{$root}assets/reading.js"></script>
        </article>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- Title, date and time, place, participants, archival source, translator, recorder, licence. -->
  <xsl:template name="t:document-header">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="header" select="$tei/teiHeader"/>
    <xsl:variable name="date" select="f:doc-date($tei)"/>
    <xsl:variable name="ms" select="$header/fileDesc/sourceDesc/msDesc[1]"/>
    <xsl:variable name="from" select="f:format-time($date/@from)"/>
    <xsl:variable name="to" select="f:format-time($date/@to)"/>
    <xsl:variable name="place" select="($header/profileDesc/settingDesc/setting//placeName, $tei/text//dateline//placeName)[1]"/>
    <dl class="doc-meta">
      <xsl:if test="exists(f:doc-iso-date($tei)) or exists($from)">
        <dt>Date</dt>
        <dd>
          <xsl:for-each select="f:doc-iso-date($tei)"><time datetime="{.}"><xsl:value-of select="f:format-date(.)"/></time></xsl:for-each>
          <xsl:if test="exists($from)">
            <xsl:if test="exists(f:doc-iso-date($tei))"><xsl:text>, </xsl:text></xsl:if>
            <time datetime="{$from}"><xsl:value-of select="$from"/></time>
            <xsl:for-each select="$to"><xsl:text>–</xsl:text><time datetime="{.}"><xsl:value-of select="."/></time></xsl:for-each>
          </xsl:if>
        </dd>
      </xsl:if>
      <xsl:if test="exists($place)">
        <dt>Place</dt>
        <dd><xsl:value-of select="normalize-space($place)"/></dd>
      </xsl:if>
      <xsl:variable name="people" select="$header/profileDesc/particDesc//person"/>
      <xsl:if test="exists($people)">
        <dt>Participants</dt>
        <dd>
          <ul class="participants">
            <xsl:for-each select="$people">
              <li><xsl:value-of select="f:entry-name(.)"/><xsl:for-each select="@role[. ne 'participant']"><span class="role"> (<xsl:value-of select="."/>)</span></xsl:for-each></li>
            </xsl:for-each>
          </ul>
        </dd>
      </xsl:if>
      <xsl:if test="exists($ms)">
        <dt>Archival source</dt>
        <dd>
          <xsl:value-of select="string-join(($ms/msIdentifier/repository, $ms/msIdentifier/settlement) ! normalize-space(.), ', ')"/>
          <xsl:variable name="parts" select="for $t in ('fond', 'opis', 'delo') return $ms/msIdentifier/idno[@type = $t] ! ($t || ' ' || normalize-space(.))"/>
          <xsl:variable name="locus" select="($ms//locus)[1]"/>
          <xsl:if test="exists($parts) or exists($locus)">
            <xsl:text>; </xsl:text>
            <xsl:value-of select="string-join(($parts, $locus ! ('folios ' || (if (@from and @to) then @from || '–' || @to else normalize-space(.)))), ', ')"/>
          </xsl:if>
          <xsl:for-each select="normalize-space(($ms//idno[@type = 'citation'])[1])[. ne '']">
            <br/><span class="archival-citation"><xsl:value-of select="."/></span>
          </xsl:for-each>
        </dd>
      </xsl:if>
      <xsl:for-each select="$header/fileDesc/titleStmt/author[normalize-space(.) ne '']">
        <dt>Author</dt>
        <dd><xsl:value-of select="normalize-space(.)"/></dd>
      </xsl:for-each>
      <!-- every resp of a statement, and every one named in it -->
      <xsl:for-each select="$header/fileDesc/titleStmt/respStmt">
        <dt><xsl:value-of select="(string-join(resp ! normalize-space(.)[. ne ''], '; ')[. ne ''], 'Responsibility')[1]"/></dt>
        <dd><xsl:value-of select="string-join((persName, name, orgName) ! f:name-words(.)[. ne ''], ', ')"/></dd>
      </xsl:for-each>
      <xsl:for-each select="$header/fileDesc/titleStmt/editor">
        <dt>Editor<xsl:value-of select="@role ! (' (' || . || ')')"/></dt>
        <dd><xsl:value-of select="normalize-space(.)"/></dd>
      </xsl:for-each>
      <xsl:for-each select="$header/fileDesc/publicationStmt/availability/licence">
        <dt>Licence</dt>
        <dd>
          <xsl:variable name="href" select="f:safe-url(@target)"/>
          <xsl:choose>
            <xsl:when test="exists($href)"><a rel="license" href="{$href}"><xsl:value-of select="(normalize-space(.)[. ne ''], $href)[1]"/></a></xsl:when>
            <xsl:otherwise><xsl:value-of select="normalize-space(.)"/></xsl:otherwise>
          </xsl:choose>
        </dd>
      </xsl:for-each>
      <xsl:for-each select="$header/fileDesc/sourceDesc/bibl[@type = 'online']">
        <dt>Source online</dt>
        <dd><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></dd>
      </xsl:for-each>
      <xsl:for-each select="$header/profileDesc/abstract">
        <dt>Summary</dt>
        <dd><xsl:apply-templates mode="m:text"/></dd>
      </xsl:for-each>
    </dl>
  </xsl:template>

  <!-- How to cite: the citation, a copy button (script), and citation files. -->
  <xsl:template name="t:citation">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="id" select="f:doc-id($tei)"/>
    <details class="panel cite" id="cite">
      <summary><h2 id="cite-heading">How to cite</h2></summary>
      <p class="citation" id="citation-text">
        <xsl:variable name="rendered" select="$tei/parent::ed:document/ed:citation/*"/>
        <xsl:choose>
          <xsl:when test="exists($rendered)"><xsl:copy-of select="$rendered" copy-namespaces="no"/></xsl:when>
          <xsl:when test="$citation-text ne ''"><xsl:value-of select="$citation-text"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="f:citation($tei)"/></xsl:otherwise>
        </xsl:choose>
      </p>
      <p class="cite-actions">
        <xsl:for-each select="$tei/parent::ed:document/ed:citation/@style"><span class="cite-style">(<xsl:value-of select="."/>)</span><xsl:text> </xsl:text></xsl:for-each>
        <button type="button" class="copy-button" data-copy="citation-text" hidden="hidden">Copy citation</button>
        <span class="copy-status" role="status"></span>
      </p>
      <ul class="cite-files">
        <li><a href="{$id}.bib" download="{$id}.bib">BibTeX</a></li>
        <li><a href="{$id}.ris" download="{$id}.ris">RIS</a></li>
        <li><a href="{$id}.json" download="{$id}.json">CSL-JSON</a></li>
      </ul>
    </details>
  </xsl:template>

  <xsl:template name="t:downloads">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:param name="downloads" as="map(xs:string, xs:string)"/>
    <xsl:if test="exists(($downloads?tei, $downloads?pdf, $downloads?package))">
      <details class="panel downloads" id="downloads">
        <summary><h2 id="downloads-heading">Downloads</h2></summary>
        <ul>
          <!-- The copy is published as text/plain (see docs/trust.md); it is saved under its .xml name. -->
          <xsl:for-each select="$downloads?tei"><li><a href="{.}" type="application/tei+xml" download="{replace(tokenize(., '/')[last()], '\.txt$', '')}">TEI P5 (XML)</a></li></xsl:for-each>
          <xsl:for-each select="$downloads?pdf"><li><a href="{.}" type="application/pdf">PDF</a></li></xsl:for-each>
          <xsl:for-each select="$downloads?package"><li><a href="{.}">Deposit package</a></li></xsl:for-each>
        </ul>
      </details>
    </xsl:if>
  </xsl:template>

  <!-- Entries of the register named in the document: visible list, and the source of the popovers. -->
  <xsl:template name="t:document-names">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:param name="root" as="xs:string"/>
    <xsl:variable name="entries" select="f:named-entries($tei)"/>
    <xsl:if test="exists($entries)">
      <section class="names" aria-labelledby="names-heading">
        <h2 id="names-heading">Names in this document</h2>
        <ul class="entries">
          <xsl:for-each select="$entries">
            <xsl:sort select="f:entry-kind(.)"/>
            <xsl:sort select="f:sort-key(.)" collation="{$f:collation}"/>
            <li class="entry kind-{f:entry-kind(.)}" id="entry-{@xml:id}">
              <span class="entry-name"><xsl:value-of select="f:entry-name(.)"/></span>
              <xsl:for-each select="f:entry-description(.)"><span class="entry-desc"><xsl:text> — </xsl:text><xsl:value-of select="."/></span></xsl:for-each>
              <xsl:text> </xsl:text>
              <xsl:call-template name="t:authority-links"><xsl:with-param name="entry" select="."/></xsl:call-template>
              <xsl:text> </xsl:text>
              <a class="entry-index" href="{$root}{f:entry-href(.)}">All occurrences</a>
            </li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
