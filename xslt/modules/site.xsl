<?xml version="1.0" encoding="UTF-8"?>
<!-- The whole site from an ed:site collection (made by edition/publish/html/site.py): home, one page per
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
    xmlns:fp="urn:edition:functions:private"
    xmlns:m="urn:edition:modes"
    xmlns:t="urn:edition:templates"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:output name="page" method="html" html-version="5" encoding="UTF-8" indent="no" include-content-type="no"/>
  <xsl:output name="text" method="text" encoding="UTF-8"/>

  <!-- The places in a document's text that name a register entry, by the entry's identifier (digests). -->
  <xsl:key name="f:names-by-id" match="ed:digest/ed:names" use="string(@id)"/>

  <!-- Per document (the map): an ed:site collection of one document (or a few) gives each one's
       page and its digest, {id}.digest.xml: what the listing pages need of it (m:digest). -->
  <xsl:template match="/ed:site">
    <xsl:for-each select="ed:document/TEI">
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
      <!-- documents/{$id}.bib, .ris, .json: written by edition/publish/citation.py from the CSL-JSON record -->
      <xsl:result-document href="{$id}.digest.xml" method="xml" encoding="UTF-8" indent="no">
        <xsl:apply-templates select="." mode="m:digest"/>
      </xsl:result-document>
    </xsl:for-each>
    <!-- The principal result: the list of pages, for the build report. -->
    <xsl:for-each select="ed:document/TEI"><xsl:value-of select="'documents/' || f:doc-id(.) || '.html&#10;'"/></xsl:for-each>
  </xsl:template>

  <!-- The listing pages (the merge), one page a transform, from an ed:listing collection that
       edition/publish/html/listing.py makes of what reaches that page (@page says which, @href where it
       goes): the documents (ed:digest, their header parts), the register entries (each once), the places
       that name them (ed:digest/ed:names), the elements of the texts (counted over all documents), the
       ODD. Pages: home, an index page (whole, or above a size split into a page per letter with an
       overview), guidelines, about, search page, the head of the search index (listing.py adds the
       passages of every document, in parts above a size) and the sitemap. -->
  <xsl:template match="/ed:listing">
    <xsl:variable name="docs" select="ed:digest"/>
    <xsl:choose>
      <xsl:when test="@page eq 'home'">
        <xsl:result-document href="{@href}" format="page"><xsl:call-template name="t:home"/></xsl:result-document>
      </xsl:when>
      <xsl:when test="@page eq 'index'">
        <xsl:result-document href="{@href}" format="page">
          <xsl:call-template name="t:index-page">
            <xsl:with-param name="kind" select="string(@kind)"/>
            <xsl:with-param name="listing" select="."/>
          </xsl:call-template>
        </xsl:result-document>
      </xsl:when>
      <xsl:when test="@page eq 'index-overview'">
        <xsl:result-document href="{@href}" format="page"><xsl:call-template name="t:index-overview"/></xsl:result-document>
      </xsl:when>
      <xsl:when test="@page eq 'guidelines'">
        <xsl:result-document href="{@href}" format="page"><xsl:call-template name="t:guidelines"/></xsl:result-document>
      </xsl:when>
      <xsl:when test="@page eq 'about'">
        <xsl:result-document href="{@href}" format="page"><xsl:call-template name="t:about"/></xsl:result-document>
      </xsl:when>
      <xsl:when test="@page eq 'search'">
        <xsl:result-document href="{@href}" format="page"><xsl:call-template name="t:search-page"/></xsl:result-document>
      </xsl:when>
      <xsl:when test="@page eq 'search-index'">
        <xsl:result-document href="{@href}" format="text">
          <xsl:text>window.EDITION_SEARCH = </xsl:text>
          <xsl:value-of select="xml-to-json(f:search-index($docs, ed:part), map{'indent': false()})"/>
          <xsl:text>;&#10;</xsl:text>
        </xsl:result-document>
      </xsl:when>
      <xsl:when test="@page eq 'sitemap'">
        <xsl:result-document href="{@href}" method="xml" indent="yes" encoding="UTF-8">
          <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <xsl:for-each select="('index.html', $docs ! ('documents/' || @id || '.html'), ed:page/@href,
                                   'guidelines.html', 'about.html')">
              <url><loc><xsl:value-of select="$base-url || ."/></loc></url>
            </xsl:for-each>
          </urlset>
        </xsl:result-document>
      </xsl:when>
      <xsl:otherwise>
        <xsl:message terminate="yes" select="'edition: no listing page of the kind ' || @page"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ digest -->

  <!-- What the listing pages need of a document, small: its header parts (title, date,
       participants, abstract and licence, the project's description and editorial principles as
       rendered), its register entries, the places in the text that name each entry, the elements of
       its text (count, first example), its speakers and its search passages (the only text of
       it that is kept whole). -->
  <xsl:template match="TEI" mode="m:digest">
    <ed:digest id="{f:doc-id(.)}">
      <ed:title><xsl:value-of select="f:doc-title(.)"/></ed:title>
      <xsl:for-each select="f:doc-iso-date(.)">
        <ed:date iso="{.}"><xsl:value-of select="f:format-date(.)"/></ed:date>
      </xsl:for-each>
      <xsl:for-each select="f:person-names(.)"><ed:participant><xsl:value-of select="."/></ed:participant></xsl:for-each>
      <xsl:for-each select="teiHeader/profileDesc/abstract">
        <ed:abstract><div class="abstract"><xsl:apply-templates mode="m:text"/></div></ed:abstract>
      </xsl:for-each>
      <xsl:for-each select="teiHeader/fileDesc/publicationStmt/availability/licence[1]">
        <ed:licence><xsl:value-of select="normalize-space(.)"/></ed:licence>
      </xsl:for-each>
      <xsl:for-each select="(teiHeader/encodingDesc/projectDesc)[1]">
        <ed:project><xsl:apply-templates mode="m:text"/></ed:project>
      </xsl:for-each>
      <xsl:for-each select="(teiHeader/encodingDesc/editorialDecl)[1]">
        <ed:principles><xsl:apply-templates mode="m:text"/></ed:principles>
      </xsl:for-each>
      <xsl:for-each select="teiHeader//(person | personGrp | place | org)[@xml:id]">
        <ed:entry kind="{f:entry-kind(.)}" id="{@xml:id}" letter="{f:index-letter(.)}" sort="{f:sort-key(.)}"
                  name="{f:index-name(.)}">
          <xsl:for-each select="f:entry-description(.)"><ed:desc><xsl:value-of select="."/></ed:desc></xsl:for-each>
          <xsl:call-template name="t:authority-links"><xsl:with-param name="entry" select="."/></xsl:call-template>
        </ed:entry>
      </xsl:for-each>
      <xsl:for-each-group select=".//(persName | placeName | orgName | name | rs | geogName)[ancestor::text][exists(f:entry(.))]"
                          group-by="string(f:entry(.)/@xml:id)">
        <ed:names id="{current-grouping-key()}">
          <xsl:for-each-group select="current-group()" group-by="f:anchor(.)">
            <ed:at anchor="{current-grouping-key()}" label="{f:anchor-label(current-grouping-key())}"/>
          </xsl:for-each-group>
        </ed:names>
      </xsl:for-each-group>
      <xsl:for-each-group select="text//*" group-by="local-name()">
        <ed:element name="{current-grouping-key()}" count="{count(current-group())}">
          <xsl:for-each select="(current-group()[normalize-space()])[1]">
            <ed:words><xsl:value-of select="fp:clipped-words(., 120)"/></ed:words>
            <ed:markup><xsl:value-of select="fp:clipped-markup(., 600)"/></ed:markup>
          </xsl:for-each>
        </ed:element>
      </xsl:for-each-group>
      <xsl:for-each select="distinct-values(text//sp ! f:speaker-name(.))"><ed:speaker><xsl:value-of select="."/></ed:speaker></xsl:for-each>
      <xsl:call-template name="t:search-passages"/>
    </ed:digest>
  </xsl:template>

  <!-- The first words of an element's text, as f:clip(normalize-space(string($e)), $max) gives them, from
       its text nodes up to the first at which the normalised text is longer than $max (its first $max
       characters are then those of the whole): not the whole text of a large element (a document's body). -->
  <xsl:function name="fp:clipped-words" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:param name="max" as="xs:integer"/>
    <xsl:variable name="words" as="xs:string">
      <xsl:iterate select="$e//text()">
        <xsl:param name="so-far" as="xs:string" select="''"/>
        <xsl:on-completion select="normalize-space($so-far)"/>
        <xsl:variable name="now" select="normalize-space($so-far || .)"/>
        <xsl:choose>
          <xsl:when test="string-length($now) gt $max"><xsl:break select="$now"/></xsl:when>
          <xsl:otherwise><xsl:next-iteration><xsl:with-param name="so-far" select="$so-far || ."/></xsl:next-iteration></xsl:otherwise>
        </xsl:choose>
      </xsl:iterate>
    </xsl:variable>
    <xsl:sequence select="f:clip($words, $max)"/>
  </xsl:function>

  <!-- The start of an element's markup, as f:clip(serialize($e), $max) gives it, without serialising the
       whole element: a copy of it up to the text node at which its text reaches $max characters is
       serialised (the serialisation is the same up to there, and its text alone is $max characters long). -->
  <xsl:function name="fp:clipped-markup" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:param name="max" as="xs:integer"/>
    <xsl:variable name="cut" as="text()?">
      <xsl:iterate select="$e//text()">
        <xsl:param name="length" as="xs:integer" select="0"/>
        <xsl:variable name="now" select="$length + string-length(.)"/>
        <xsl:choose>
          <xsl:when test="$now ge $max"><xsl:break select="."/></xsl:when>
          <xsl:otherwise><xsl:next-iteration><xsl:with-param name="length" select="$now"/></xsl:next-iteration></xsl:otherwise>
        </xsl:choose>
      </xsl:iterate>
    </xsl:variable>
    <xsl:variable name="part" as="element()">
      <xsl:choose>
        <xsl:when test="empty($cut)"><xsl:sequence select="$e"/></xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="$e" mode="fp:up-to">
            <xsl:with-param name="cut" tunnel="yes" select="$cut"/>
            <xsl:with-param name="holders" tunnel="yes" select="$cut/ancestor::*"/>
          </xsl:apply-templates>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:sequence select="f:clip(serialize($part, map{'method': 'xml', 'omit-xml-declaration': true()}), $max)"/>
  </xsl:function>

  <!-- An element with what comes before $cut in it, and $cut. -->
  <xsl:mode name="fp:up-to" on-no-match="fail"/>
  <xsl:template match="*" mode="fp:up-to">
    <xsl:param name="cut" tunnel="yes" as="text()"/>
    <xsl:param name="holders" tunnel="yes" as="element()*"/>
    <xsl:copy>
      <xsl:copy-of select="@*"/>
      <xsl:for-each select="node()">
        <xsl:choose>
          <xsl:when test="exists(. intersect $holders)"><xsl:apply-templates select="." mode="fp:up-to"/></xsl:when>
          <xsl:when test=". &lt;&lt; $cut or . is $cut"><xsl:copy-of select="."/></xsl:when>
        </xsl:choose>
      </xsl:for-each>
    </xsl:copy>
  </xsl:template>

  <!-- ============================================================ home -->

  <xsl:template name="t:home">
    <xsl:variable name="docs" select="/ed:listing/ed:digest"/>
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
              <xsl:sort select="(ed:date/@iso/string(), '9999')[1]"/>
              <xsl:sort select="string(@id)"/>
              <li class="document-item">
                <h3><a href="documents/{@id}.html"><xsl:value-of select="ed:title"/></a></h3>
                <xsl:for-each select="ed:date">
                  <p class="doc-date"><time datetime="{@iso}"><xsl:value-of select="."/></time></p>
                </xsl:for-each>
                <xsl:if test="exists(ed:participant)">
                  <p class="doc-participants">Participants: <xsl:value-of select="string-join(ed:participant, ', ')"/></p>
                </xsl:if>
                <xsl:copy-of select="ed:abstract/*" copy-namespaces="no"/>
              </li>
            </xsl:for-each>
          </ul>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- ============================================================ index pages -->

  <!-- An index page: the whole index of a kind, or (@letter on the collection) the page of one letter of
       an index split by letter, whose A–Z bar leads to the other letters' pages (ed:letter). -->
  <xsl:template name="t:index-page">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="listing" as="element(ed:listing)"/>
    <xsl:variable name="label" select="upper-case(substring($kind, 1, 1)) || substring($kind, 2)"/>
    <xsl:variable name="letter" select="$listing/@letter/string()"/>
    <!-- each entry once (listing.py keeps the first of each kind and id), in the documents' order -->
    <xsl:variable name="unique" select="$listing/ed:entry[@kind eq $kind]"/>
    <xsl:call-template name="t:page">
      <xsl:with-param name="title" select="if (exists($letter)) then $label || ': ' || $letter else $label"/>
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="current" select="$kind || '.html'"/>
      <xsl:with-param name="body-class" select="'page page-index'"/>
      <xsl:with-param name="content">
        <h1><xsl:value-of select="$label"/><xsl:if test="exists($letter)">: <xsl:value-of select="$letter"/></xsl:if></h1>
        <xsl:choose>
          <xsl:when test="empty($unique)">
            <p>The documents of this edition name no <xsl:value-of select="$kind"/> in their registers.</p>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="t:az-bar">
              <xsl:with-param name="letters" select="if (exists($letter)) then $listing/ed:letter/@name/string()
                                                     else distinct-values($unique/@letter)"/>
              <xsl:with-param name="label" select="$label || ' by letter'"/>
              <xsl:with-param name="pages" select="$listing/ed:letter"/>
              <xsl:with-param name="current" select="$letter"/>
            </xsl:call-template>
            <xsl:if test="exists($letter)">
              <p class="index-overview-link"><a href="{$kind}.html">All <xsl:value-of select="$kind"/> from A to Z</a></p>
            </xsl:if>
            <xsl:for-each-group select="$unique" group-by="string(@letter)">
              <xsl:sort select="current-grouping-key()" collation="{$f:collation}"/>
            <section class="index-letter" id="letter-{f:letter-id(current-grouping-key())}" aria-labelledby="letter-{f:letter-id(current-grouping-key())}-heading">
            <h2 class="letter-heading" id="letter-{f:letter-id(current-grouping-key())}-heading"><xsl:value-of select="current-grouping-key()"/></h2>
            <ul class="index-entries">
              <xsl:for-each select="current-group()">
                <xsl:sort select="string(@sort)" collation="{$f:collation}"/>
                <xsl:sort select="string(@id)"/>
                <xsl:variable name="id" select="string(@id)"/>
                <xsl:variable name="hits" select="key('f:names-by-id', $id, $listing)"/>
                <li class="index-entry" id="{$id}">
                  <h3 class="entry-name"><xsl:value-of select="@name"/></h3>
                  <xsl:for-each select="ed:desc"><p class="entry-desc"><xsl:value-of select="."/></p></xsl:for-each>
                  <xsl:copy-of select="* except ed:desc" copy-namespaces="no"/>
                  <xsl:choose>
                    <xsl:when test="empty($hits)"><p class="occurrences-none">Not named in the texts.</p></xsl:when>
                    <xsl:otherwise>
                      <ul class="occurrences">
                        <xsl:for-each select="$hits">
                          <xsl:variable name="doc" select="parent::ed:digest"/>
                          <li>
                            <span class="occ-doc"><xsl:value-of select="$doc/ed:title"/>: </span>
                            <xsl:for-each select="ed:at">
                              <xsl:if test="position() gt 1">, </xsl:if>
                              <a class="occurrence" href="documents/{$doc/@id}.html#{@anchor}"><xsl:value-of select="@label"/></a>
                            </xsl:for-each>
                          </li>
                        </xsl:for-each>
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

  <!-- The overview of an index split by letter ({kind}.html): every entry with the number of documents that
       name it, linked to its place on its letter's page; a link to an entry of this page
       ({kind}.html#id, as the documents' pages make them) is taken on to that place (assets/edition.js). -->
  <xsl:template name="t:index-overview">
    <xsl:variable name="listing" select="/ed:listing"/>
    <xsl:variable name="kind" select="string($listing/@kind)"/>
    <xsl:variable name="label" select="upper-case(substring($kind, 1, 1)) || substring($kind, 2)"/>
    <xsl:variable name="pages" select="$listing/ed:letter"/>
    <xsl:call-template name="t:page">
      <xsl:with-param name="title" select="$label"/>
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="current" select="$kind || '.html'"/>
      <xsl:with-param name="body-class" select="'page page-index page-index-overview'"/>
      <xsl:with-param name="content">
        <h1><xsl:value-of select="$label"/></h1>
        <xsl:call-template name="t:az-bar">
          <xsl:with-param name="letters" select="$pages/@name/string()"/>
          <xsl:with-param name="label" select="$label || ' by letter'"/>
          <xsl:with-param name="pages" select="$pages"/>
        </xsl:call-template>
        <p class="index-overview-intro">Each letter has a page of its own, with every place in the texts that
          names its entries.</p>
        <xsl:for-each select="$pages">
          <xsl:variable name="page" select="."/>
          <section class="index-letter" id="letter-{f:letter-id(@name)}" aria-labelledby="letter-{f:letter-id(@name)}-heading">
            <h2 class="letter-heading" id="letter-{f:letter-id(@name)}-heading"><a href="{@href}"><xsl:value-of select="@name"/></a></h2>
            <ul class="index-entries index-overview-entries">
              <xsl:for-each select="$listing/ed:entry[@letter eq $page/@name]">
                <xsl:sort select="string(@sort)" collation="{$f:collation}"/>
                <xsl:sort select="string(@id)"/>
                <li class="index-entry" id="{@id}">
                  <a class="entry-name entry-page" href="{$page/@href}#{@id}"><xsl:value-of select="@name"/></a>
                  <xsl:for-each select="ed:desc"><xsl:text> · </xsl:text><span class="entry-desc"><xsl:value-of select="."/></span></xsl:for-each>
                  <xsl:text> · </xsl:text>
                  <span class="entry-count"><xsl:value-of select="if (@documents eq '0') then 'not named in the texts'
                      else if (@documents eq '1') then 'named in 1 document' else 'named in ' || @documents || ' documents'"/></span>
                </li>
              </xsl:for-each>
            </ul>
          </section>
        </xsl:for-each>
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
    <xsl:variable name="docs" select="/ed:listing/ed:digest"/>
    <xsl:call-template name="t:page">
      <xsl:with-param name="title" select="'About the edition'"/>
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="current" select="'about.html'"/>
      <xsl:with-param name="content">
        <h1>About the edition</h1>
        <xsl:for-each select="($docs/ed:project)[1]">
          <section aria-labelledby="about-project"><h2 id="about-project">The project</h2><xsl:copy-of select="node()" copy-namespaces="no"/></section>
        </xsl:for-each>
        <xsl:for-each select="($docs/ed:principles)[1]">
          <section aria-labelledby="about-principles"><h2 id="about-principles">Editorial principles</h2><xsl:copy-of select="node()" copy-namespaces="no"/></section>
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
                <a href="documents/{@id}.html"><xsl:value-of select="ed:title"/></a>
                <xsl:for-each select="ed:licence">: <xsl:value-of select="."/></xsl:for-each>
              </li>
            </xsl:for-each>
          </ul>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The search page and the search index: modules/search.xsl. -->

  <!-- The citation files: edition/publish/citation.py, from the record of modules/citation.xsl. -->
</xsl:stylesheet>
