<?xml version="1.0" encoding="UTF-8"?>
<!-- The whole site from an ed:site collection (made by edition/site.py): home, one page per
     document with its citation files, index pages, guidelines, about, search page and the
     search index, each written with xsl:result-document. -->
<xsl:stylesheet version="3.0"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:site"
    xmlns:fn="http://www.w3.org/2005/xpath-functions"
    xmlns:f="urn:edition:functions"
    xmlns:m="urn:edition:modes"
    xmlns:t="urn:edition:templates"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:output name="page" method="html" html-version="5" encoding="UTF-8" indent="no" include-content-type="no"/>
  <xsl:output name="text" method="text" encoding="UTF-8"/>

  <!-- Names in the texts by the identifiers they point to. -->
  <xsl:key name="f:names-by-ref" match="text//(persName | placeName | orgName | name | rs | geogName)"
           use="f:pointer-ids((@ref, @corresp))"/>

  <xsl:template match="/ed:site">
    <xsl:variable name="docs" select="ed:document/TEI"/>
    <!-- A document marked reuse="yes" keeps the pages of the previous build (edition/site.py copies them). -->
    <xsl:for-each select="$docs[not(parent::ed:document/@reuse = 'yes')]">
      <xsl:variable name="id" select="f:doc-id(.)"/>
      <xsl:variable name="d" select="parent::ed:document"/>
      <xsl:result-document href="documents/{$id}.html" format="page">
        <xsl:call-template name="t:document-page">
          <xsl:with-param name="tei" select="."/>
          <xsl:with-param name="root" select="'../'"/>
          <xsl:with-param name="downloads" select="map:merge((
              $d/@tei ! map{'tei': '../' || .},
              $d/@pdf ! map{'pdf': '../' || ., 'pdf-name': tokenize(., '/')[last()]},
              $d/@package ! map{'package': '../' || .}))" xmlns:map="http://www.w3.org/2005/xpath-functions/map"/>
        </xsl:call-template>
      </xsl:result-document>
      <!-- documents/{$id}.bib, .ris, .json: written by edition/citation.py from the CSL-JSON record -->
    </xsl:for-each>
    <xsl:result-document href="index.html" format="page"><xsl:call-template name="t:home"/></xsl:result-document>
    <xsl:for-each select="('persons', 'places', 'organisations')">
      <xsl:result-document href="{.}.html" format="page">
        <xsl:call-template name="t:index-page">
          <xsl:with-param name="kind" select="."/>
          <xsl:with-param name="docs" select="$docs"/>
        </xsl:call-template>
      </xsl:result-document>
    </xsl:for-each>
    <xsl:result-document href="guidelines.html" format="page"><xsl:call-template name="t:guidelines"/></xsl:result-document>
    <xsl:result-document href="about.html" format="page"><xsl:call-template name="t:about"/></xsl:result-document>
    <xsl:result-document href="search.html" format="page"><xsl:call-template name="t:search-page"/></xsl:result-document>
    <xsl:result-document href="assets/search-index.js" format="text">
      <xsl:text>window.EDITION_SEARCH = </xsl:text>
      <xsl:value-of select="xml-to-json(f:search-index($docs), map{'indent': false()})"/>
      <xsl:text>;&#10;</xsl:text>
    </xsl:result-document>
    <xsl:if test="$base-url ne ''">
      <xsl:result-document href="sitemap.xml" method="xml" indent="yes" encoding="UTF-8">
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <xsl:for-each select="('index.html', $docs ! ('documents/' || f:doc-id(.) || '.html'),
                                 'persons.html', 'places.html', 'organisations.html', 'guidelines.html', 'about.html')">
            <url><loc><xsl:value-of select="$base-url || ."/></loc></url>
          </xsl:for-each>
        </urlset>
      </xsl:result-document>
    </xsl:if>
    <!-- The principal result: the list of pages, for the build report. -->
    <xsl:for-each select="$docs"><xsl:value-of select="'documents/' || f:doc-id(.) || '.html&#10;'"/></xsl:for-each>
  </xsl:template>

  <!-- ============================================================ home -->

  <xsl:template name="t:home">
    <xsl:variable name="docs" select="/ed:site/ed:document/TEI"/>
    <xsl:call-template name="t:page">
      <xsl:with-param name="title" select="$site-title"/>
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="current" select="'index.html'"/>
      <xsl:with-param name="body-class" select="'page page-home'"/>
      <xsl:with-param name="content">
        <h1><xsl:value-of select="$site-title"/></h1>
        <!-- the project's introduction (introduction in edition.toml), then the documents; the
             editorial principles are on the about page -->
        <xsl:variable name="intro" select="tokenize(normalize-unicode($introduction), '\n[ \t]*\n')[normalize-space(.) ne '']"/>
        <xsl:if test="exists($intro)">
          <section class="intro project-intro" aria-label="Introduction">
            <xsl:for-each select="$intro"><p><xsl:value-of select="normalize-space(.)"/></p></xsl:for-each>
            <p class="more"><a href="about.html">About the edition and its editorial principles</a></p>
          </section>
        </xsl:if>
        <section class="document-list" aria-labelledby="documents-heading">
          <h2 id="documents-heading">Documents</h2>
          <ul class="documents">
            <xsl:for-each select="$docs">
              <xsl:sort select="(f:doc-iso-date(.), '9999')[1]"/>
              <xsl:sort select="f:doc-id(.)"/>
              <li class="document-item">
                <h3><a href="documents/{f:doc-id(.)}.html"><xsl:value-of select="f:doc-title(.)"/></a></h3>
                <xsl:for-each select="f:doc-iso-date(.)">
                  <p class="doc-date"><time datetime="{.}"><xsl:value-of select="f:format-date(.)"/></time></p>
                </xsl:for-each>
                <xsl:variable name="people" select="f:person-names(.)"/>
                <xsl:if test="exists($people)">
                  <p class="doc-participants">Participants: <xsl:value-of select="string-join($people, ', ')"/></p>
                </xsl:if>
                <xsl:for-each select="teiHeader/profileDesc/abstract">
                  <div class="abstract"><xsl:apply-templates mode="m:text"/></div>
                </xsl:for-each>
              </li>
            </xsl:for-each>
          </ul>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- ============================================================ index pages -->

  <xsl:template name="t:index-page">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="docs" as="element(tei:TEI)*"/>
    <xsl:variable name="label" select="upper-case(substring($kind, 1, 1)) || substring($kind, 2)"/>
    <xsl:variable name="entries" select="$docs/teiHeader//(person | personGrp | place | org)[@xml:id][f:entry-kind(.) eq $kind]"/>
    <xsl:call-template name="t:page">
      <xsl:with-param name="title" select="$label"/>
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="current" select="$kind || '.html'"/>
      <xsl:with-param name="body-class" select="'page page-index'"/>
      <xsl:with-param name="content">
        <h1><xsl:value-of select="$label"/></h1>
        <xsl:choose>
          <xsl:when test="empty($entries)">
            <p>The documents of this edition name no <xsl:value-of select="$kind"/> in their registers.</p>
          </xsl:when>
          <xsl:otherwise>
            <xsl:variable name="unique" as="element()*">
              <xsl:for-each-group select="$entries" group-by="string(@xml:id)"><xsl:sequence select="."/></xsl:for-each-group>
            </xsl:variable>
            <xsl:call-template name="t:az-bar">
              <xsl:with-param name="letters" select="distinct-values($unique ! f:index-letter(.))"/>
              <xsl:with-param name="label" select="$label || ' by letter'"/>
            </xsl:call-template>
            <xsl:for-each-group select="$unique" group-by="f:index-letter(.)">
              <xsl:sort select="current-grouping-key()" collation="{$f:collation}"/>
            <section class="index-letter" id="letter-{f:letter-id(current-grouping-key())}" aria-labelledby="letter-{f:letter-id(current-grouping-key())}-heading">
            <h2 class="letter-heading" id="letter-{f:letter-id(current-grouping-key())}-heading"><xsl:value-of select="current-grouping-key()"/></h2>
            <ul class="index-entries">
              <xsl:for-each select="current-group()">
                <xsl:sort select="f:sort-key(.)" collation="{$f:collation}"/>
                <xsl:sort select="@xml:id"/>
                <xsl:variable name="id" select="string(@xml:id)"/>
                <xsl:variable name="hits" select="key('f:names-by-ref', $id)[some $e in f:entry(.) satisfies $e/@xml:id = $id]"/>
                <li class="index-entry" id="{$id}">
                  <h3 class="entry-name"><xsl:value-of select="f:index-name(.)"/></h3>
                  <xsl:for-each select="f:entry-description(.)"><p class="entry-desc"><xsl:value-of select="."/></p></xsl:for-each>
                  <xsl:call-template name="t:authority-links"><xsl:with-param name="entry" select="."/></xsl:call-template>
                  <xsl:choose>
                    <xsl:when test="empty($hits)"><p class="occurrences-none">Not named in the texts.</p></xsl:when>
                    <xsl:otherwise>
                      <ul class="occurrences">
                        <xsl:for-each-group select="$hits" group-by="f:doc-id(f:tei(.))">
                          <li>
                            <span class="occ-doc"><xsl:value-of select="f:doc-title(f:tei(.))"/>: </span>
                            <xsl:for-each-group select="current-group()" group-by="f:anchor(.)">
                              <xsl:if test="position() gt 1">, </xsl:if>
                              <a class="occurrence" href="documents/{f:doc-id(f:tei(.))}.html#{current-grouping-key()}"><xsl:value-of select="f:anchor-label(current-grouping-key())"/></a>
                            </xsl:for-each-group>
                          </li>
                        </xsl:for-each-group>
                      </ul>
                    </xsl:otherwise>
                  </xsl:choose>
                </li>
              </xsl:for-each>
            </ul>
            </section>
            </xsl:for-each-group>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- 'p-12' reads '¶ 12', 'sp-3' 'turn 3', 'note-2' 'note 2'. -->
  <xsl:function name="f:anchor-label" as="xs:string">
    <xsl:param name="anchor" as="xs:string"/>
    <xsl:sequence select="
      if (matches($anchor, '^(h-)?p-\d+$')) then '¶ ' || replace($anchor, '\D', '')
      else if (matches($anchor, '^(h-)?sp-\d+$')) then 'turn ' || replace($anchor, '\D', '')
      else if (matches($anchor, '^note-\d+$')) then 'note ' || replace($anchor, '\D', '')
      else if (matches($anchor, '^(h-)?item-\d+$')) then 'item ' || replace($anchor, '\D', '')
      else $anchor"/>
  </xsl:function>

  <!-- ============================================================ about, search -->

  <xsl:template name="t:about">
    <xsl:variable name="docs" select="/ed:site/ed:document/TEI"/>
    <xsl:call-template name="t:page">
      <xsl:with-param name="title" select="'About the edition'"/>
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="current" select="'about.html'"/>
      <xsl:with-param name="content">
        <h1>About the edition</h1>
        <xsl:for-each select="($docs/teiHeader/encodingDesc/projectDesc)[1]">
          <section aria-labelledby="about-project"><h2 id="about-project">The project</h2><xsl:apply-templates mode="m:text"/></section>
        </xsl:for-each>
        <xsl:for-each select="($docs/teiHeader/encodingDesc/editorialDecl)[1]">
          <section aria-labelledby="about-principles"><h2 id="about-principles">Editorial principles</h2><xsl:apply-templates mode="m:text"/></section>
        </xsl:for-each>
        <section aria-labelledby="about-reading">
          <h2 id="about-reading">How to read the text</h2>
          <ul>
            <li>Speakers' names are set off at the start of each turn; stage directions are in parentheses and italics; the recorder's narrative is set apart from speech.</li>
            <li>Words in square brackets were supplied by the translator or the editor; hover over them to see who supplied them.</li>
            <li>Slips in the text as received are corrected; the switch above the text shows the reading as received instead.</li>
            <li>Names link to the indexes of persons, places and organisations; numbered notes link to the notes and back.</li>
            <li>Every paragraph and turn has its own address: use the ¶ sign beside it to share a link to it.</li>
          </ul>
        </section>
        <section aria-labelledby="about-documents">
          <h2 id="about-documents">Documents and rights</h2>
          <ul>
            <xsl:for-each select="$docs">
              <li>
                <a href="documents/{f:doc-id(.)}.html"><xsl:value-of select="f:doc-title(.)"/></a>
                <xsl:for-each select="teiHeader/fileDesc/publicationStmt/availability/licence[1]">: <xsl:value-of select="normalize-space(.)"/></xsl:for-each>
              </li>
            </xsl:for-each>
          </ul>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The search page and the search index: modules/search.xsl. -->

  <!-- The citation files: edition/citation.py, from the record of modules/citation.xsl. -->
</xsl:stylesheet>
