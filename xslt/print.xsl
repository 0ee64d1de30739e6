<?xml version="1.0" encoding="UTF-8"?>
<!-- The print edition: the HTML edition (html.xsl) with a thin override layer, laid out as
     pages by paged-media CSS (xslt/print/print.css, WeasyPrint; see docs/print.md).

     What differs from the screen: no banner, navigation, scripts, reading switch, popovers or
     figures panel; a title page from the header (archival source, licence, how to cite); notes
     as footnotes (or endnotes); one reading in the text and the other in a lettered apparatus
     with page references; names link to an index of names at the end, whose page numbers come
     from the layout (target-counter, made unique per page by edition/publish/print/pdf.py).

     Input: one TEI document. Output: XHTML, so that edition/publish/print/pdf.py can read it back with lxml. -->
<xsl:stylesheet version="3.0"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:site"
    xmlns:f="urn:edition:functions"
    xmlns:fp="urn:edition:functions:print"
    xmlns:m="urn:edition:modes"
    xmlns:t="urn:edition:templates"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:import href="html.xsl"/>

  <xsl:output method="xhtml" html-version="5" encoding="UTF-8" indent="no"
              include-content-type="no" omit-xml-declaration="yes"/>

  <!-- ============================================================ parameters -->

  <!-- The paged edition. -->
  <xsl:param name="output-media" as="xs:string" select="'print'"/>

  <!-- The figures panel is an interactive aid of the screen edition. -->
  <xsl:param name="show-figures" as="xs:boolean" select="false()"/>

  <!-- Where the editorial notes go: 'footnotes' (foot of the page) or 'endnotes' (a list after the text). -->
  <xsl:param name="notes-placement" as="xs:string" select="'footnotes'"/>

  <!-- Corrections and supplied words keyed to line numbers at the foot of the page (true), or lettered
       and listed after the text with their pages (false: edition/publish/print/pdf.py passes it for a long document
       without an apparatus criticus, where the line numbers would cost a second layout of the whole). -->
  <xsl:param name="line-numbers" as="xs:boolean" select="true()"/>

  <!-- Creation date of the PDF (W3C date or dateTime) written into its metadata; edition/publish/print/pdf.py
       passes the edition date of the TEI header so that every build gives the same bytes.
       Empty: no date. -->
  <xsl:param name="print-date" as="xs:string" select="''"/>

  <!-- The file name of the TEI source attached to the PDF, named on the title page; empty: not named. -->
  <xsl:param name="attachment-name" as="xs:string" select="''"/>

  <!-- ============================================================ functions -->

  <!-- The choices that give two readings: one is printed, the other goes to the apparatus. -->
  <xsl:function name="fp:is-apparatus-choice" as="xs:boolean">
    <xsl:param name="choice" as="element()"/>
    <xsl:sequence select="exists($choice/self::tei:choice[(tei:sic | tei:orig | tei:abbr) and (tei:corr | tei:reg | tei:expan)])"/>
  </xsl:function>

  <!-- A choice (or supplied words) keyed to its line: an entry of the textual apparatus at the foot of
       the page. Those inside a note (at the foot of the page or after the text) are outside the
       numbered lines: they keep a letter and the list after the text; those in a variant reading
       (rdg) are not printed in the text. -->
  <xsl:function name="fp:is-line-keyed" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="($line-numbers or exists(f:tei($e)/tei:text//tei:app))
                          and exists($e[ancestor::tei:text][not(ancestor::tei:note[not(f:is-inline-note(.))] or ancestor::tei:rdg)]
                          [self::tei:choice[fp:is-apparatus-choice(.)] or self::tei:supplied[not(fp:is-from-source(.))]])"/>
  </xsl:function>

  <!-- Words supplied by the translator belong to the source as received (its own brackets, as in the
       memorandum's transcript): printed in brackets, not an intervention of the edition. -->
  <xsl:function name="fp:is-from-source" as="xs:boolean">
    <xsl:param name="supplied" as="element(tei:supplied)"/>
    <xsl:variable name="tei" select="f:tei($supplied)"/>
    <xsl:sequence select="some $id in f:pointer-ids($supplied/@resp) satisfies
                          ($id eq 'translator' or matches(string-join(key('f:xml-id', $id, $tei)[1]/tei:resp, ' '), 'translat', 'i'))"/>
  </xsl:function>

  <!-- The siglum of the source as received in the textual apparatus: the base witness's in a collated
       edition, else MS (the copy text, whatever it is written on; named on the title page). -->
  <xsl:function name="fp:source-siglum" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="base" select="$tei/tei:teiHeader//tei:listWit//tei:witness[@xml:id][tokenize(@ana) = '#base-text'][1]"/>
    <xsl:sequence select="($base ! f:siglum(string(@xml:id), .), 'MS')[1]"/>
  </xsl:function>

  <!-- The apparatus entries of a document that keep a letter (those inside notes, and in the summary
       on the title page), in reading order. -->
  <xsl:function name="fp:apparatus-choices" as="element(tei:choice)*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="($tei/tei:teiHeader/tei:profileDesc/tei:abstract | $tei/tei:text)//tei:choice
                          [fp:is-apparatus-choice(.)][not(fp:is-line-keyed(.))]"/>
  </xsl:function>

  <!-- The letter of a lettered apparatus entry: a, b, … z, aa, ab … -->
  <xsl:function name="fp:apparatus-letter" as="xs:string">
    <xsl:param name="choice" as="element(tei:choice)"/>
    <xsl:variable name="lettered" select="fp:apparatus-choices(f:tei($choice))"/>
    <xsl:sequence select="((for $i in 1 to count($lettered) return $i[$lettered[$i] is $choice])[1] ! format-integer(., 'a'), '')[1]"/>
  </xsl:function>

  <!-- The id of a name occurrence in the text (the index of names points to it). -->
  <xsl:function name="fp:occurrence-id" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="'occ-' || f:id($name)"/>
  </xsl:function>

  <!-- The names of the text that point to a register entry (not those inside another linked name). -->
  <xsl:function name="fp:occurrences" as="element()*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="$tei/tei:text//(tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs | tei:geogName)
                          [exists(f:entry(.))][not(ancestor::*[self::tei:persName or self::tei:placeName or self::tei:orgName
                            or self::tei:name or self::tei:rs or self::tei:geogName][exists(f:entry(.))])]"/>
  </xsl:function>

  <!-- The title in the running head: the document title, cut at a word before 64 characters. -->
  <xsl:function name="fp:running-title" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="title" select="f:doc-title($tei)"/>
    <xsl:sequence select="if (string-length($title) le 64) then $title
                          else replace(substring($title, 1, 64), '[\s,;:.–—-]+\S*$', '') || '…'"/>
  </xsl:function>

  <!-- Authors for the PDF metadata: the recorder, else the editors, else the translator. -->
  <xsl:function name="fp:authors" as="xs:string*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="stmt" select="$tei/teiHeader/fileDesc/titleStmt"/>
    <xsl:sequence select="(f:resp-name($tei, 'recorder'),
                           $stmt/author ! normalize-space(.),
                           f:editors($tei),
                           f:resp-name($tei, 'translator'))[. ne '']"/>
  </xsl:function>

  <!-- Keywords for the PDF metadata: the header's keywords, else the setting and participants. -->
  <xsl:function name="fp:keywords" as="xs:string*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="profile" select="$tei/teiHeader/profileDesc"/>
    <xsl:variable name="terms" select="$profile/textClass/keywords/term ! normalize-space(.)"/>
    <xsl:sequence select="distinct-values(if (exists($terms[. ne ''])) then $terms[. ne ''] else (
        $profile/settingDesc/setting//placeName ! normalize-space(.),
        f:doc-iso-date($tei) ! substring(., 1, 4),
        $profile/particDesc//person ! f:entry-name(.)))[. ne '']"/>
  </xsl:function>

  <!-- ============================================================ the page -->

  <xsl:template match="/ed:site" priority="2">
    <xsl:message terminate="yes" select="'edition: print.xsl renders one TEI document, not a site collection'"/>
  </xsl:template>

  <!-- The HTML shell of the print edition: metadata for the PDF, no scripts, no navigation. -->
  <xsl:template name="t:page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="root" as="xs:string"/>
    <xsl:param name="current" as="xs:string" select="''"/>
    <xsl:param name="lang" as="xs:string" select="'en'"/>
    <xsl:param name="meta" as="node()*" select="()"/>
    <xsl:param name="body-class" as="xs:string" select="'page'"/>
    <xsl:param name="content" as="node()*"/>
    <html lang="{$lang}" class="print" data-reading="{$default-reading}">
      <head>
        <meta charset="utf-8"/>
        <title><xsl:value-of select="$title"/></title>
        <xsl:sequence select="$meta"/>
      </head>
      <body class="{$body-class}">
        <xsl:sequence select="$content"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="t:document-page">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:param name="root" as="xs:string"/>
    <xsl:param name="downloads" as="map(xs:string, xs:string)"/>
    <xsl:variable name="lang" select="($tei/@xml:lang, 'en')[1]"/>
    <xsl:call-template name="t:page">
      <xsl:with-param name="title" select="f:doc-title($tei)"/>
      <xsl:with-param name="root" select="$root"/>
      <xsl:with-param name="lang" select="$lang"/>
      <xsl:with-param name="body-class" select="'print-edition notes-' || f:token($notes-placement)
                                                || (if ($tei/text//(app | choice | supplied)[self::app or fp:is-line-keyed(.)]) then ' has-apparatus' else '')"/>
      <xsl:with-param name="meta">
        <xsl:call-template name="t:print-meta"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
      </xsl:with-param>
      <xsl:with-param name="content">
        <xsl:call-template name="t:title-page"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
        <xsl:call-template name="t:letter-header"><xsl:with-param name="tei" select="$tei"/><xsl:with-param name="root" tunnel="yes" select="''"/></xsl:call-template>
        <xsl:call-template name="t:manuscripts"><xsl:with-param name="tei" select="$tei"/><xsl:with-param name="root" tunnel="yes" select="''"/></xsl:call-template>
        <section class="text" id="text" data-running="Text" data-running-title="{fp:running-title($tei)}">
          <xsl:apply-templates select="$tei/text" mode="m:text">
            <xsl:with-param name="root" tunnel="yes" select="''"/>
          </xsl:apply-templates>
        </section>
        <xsl:call-template name="t:source-documents"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
        <xsl:call-template name="t:facsimile"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
        <xsl:if test="$notes-placement eq 'endnotes'">
          <xsl:call-template name="t:notes"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
        </xsl:if>
        <xsl:call-template name="t:apparatus"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
        <xsl:if test="$show-figures">
          <xsl:call-template name="t:figures"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
        </xsl:if>
        <xsl:call-template name="t:index-of-names"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- Document metadata WeasyPrint writes into the PDF (title from <title>, language from @lang). -->
  <xsl:template name="t:print-meta">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:for-each select="string-join(fp:authors($tei), '; ')[. ne '']"><meta name="author" content="{.}"/></xsl:for-each>
    <xsl:for-each select="string-join($tei/teiHeader/profileDesc/abstract ! f:plain(.), ' ')[. ne '']"><meta name="description" content="{.}"/></xsl:for-each>
    <xsl:for-each select="string-join(fp:keywords($tei), ', ')[. ne '']"><meta name="keywords" content="{.}"/></xsl:for-each>
    <meta name="generator" content="edition (TEI P5, XSLT 3.0, WeasyPrint)"/>
    <xsl:for-each select="f:doi($tei)"><meta name="doi" content="{.}"/></xsl:for-each>
    <xsl:if test="$print-date ne ''">
      <meta name="dcterms.created" content="{$print-date}"/>
      <meta name="dcterms.modified" content="{$print-date}"/>
    </xsl:if>
  </xsl:template>

  <!-- The title page: what the document is, where it is kept, who made the edition, how to cite. -->
  <xsl:template name="t:title-page">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="pub" select="$tei/teiHeader/fileDesc/publicationStmt"/>
    <section class="title-page" id="title-page">
      <p class="edition-title"><xsl:value-of select="$site-title"/></p>
      <h1 class="doc-title"><xsl:value-of select="f:doc-title($tei)"/></h1>
      <xsl:call-template name="t:document-header">
        <xsl:with-param name="tei" select="$tei"/>
        <xsl:with-param name="root" tunnel="yes" select="''"/>
      </xsl:call-template>
      <xsl:call-template name="t:apparatus-key"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
      <section class="cite">
        <h2>How to cite</h2>
        <p class="citation"><xsl:value-of select="($citation-text[. ne ''], f:citation($tei))[1]"/></p>
      </section>
      <p class="imprint">
        <xsl:value-of select="string-join((normalize-space($pub/publisher[1])[. ne ''],
                                           normalize-space($pub/pubPlace[1])[. ne ''],
                                           normalize-space($pub/date[1])[. ne '']), ', ')"/>
        <xsl:if test="$attachment-name ne ''">
          <xsl:text>. The TEI P5 source of this edition is attached to this PDF as </xsl:text>
          <span class="file-name"><xsl:value-of select="$attachment-name"/></span>
        </xsl:if>
        <xsl:text>.</xsl:text>
      </p>
    </section>
  </xsl:template>

  <!-- How the textual apparatus at the foot of the pages reads (on the title page), when there is one. -->
  <xsl:template name="t:apparatus-key">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:if test="exists($tei/text//(choice | supplied)[fp:is-line-keyed(.)])">
      <xsl:variable name="siglum" select="fp:source-siglum($tei)"/>
      <section class="apparatus-key">
        <h2>Textual apparatus</h2>
        <p>
          <xsl:text>Every fifth line of the text is numbered in the margin. The text is printed </xsl:text>
          <xsl:value-of select="if ($default-reading eq 'received') then 'as received' else 'in the edited reading'"/>
          <xsl:text>, unmarked; the apparatus at the foot of the page gives the line, the printed reading, a bracket and the other reading: </xsl:text>
          <xsl:value-of select="if ($default-reading eq 'received') then '“12 reading] ' || $siglum || '; edited reading ed.”'
                                else '“12 edited reading] reading ' || $siglum || '”'"/>
          <xsl:text>. </xsl:text><xsl:value-of select="$siglum"/>
          <xsl:text>: the source as received</xsl:text>
          <xsl:value-of select="if ($siglum eq 'MS') then ' (named above)' else ' (the base text)'"/>
          <xsl:text>; ed.: the edition.</xsl:text>
          <xsl:if test="exists($tei/text//supplied[fp:is-line-keyed(.)])"> Words supplied by the edition are in square brackets and in the apparatus.</xsl:if>
          <xsl:if test="exists($tei/text//supplied[not(fp:is-line-keyed(.))][ancestor::text])"> Square brackets of the source (the translator’s insertions) are printed as received.</xsl:if>
        </p>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ the text -->

  <!-- No permalinks on paper. -->
  <xsl:template name="t:permalink"/>

  <!-- Notes as footnotes: the note itself floats to the foot of the page (CSS float: footnote);
       WeasyPrint numbers the calls and the notes with the footnote counter, in reading order,
       which is the numbering of f:note-number. -->
  <xsl:template match="note[not(f:is-inline-note(.))][$notes-placement eq 'footnotes']" mode="m:text" priority="1">
    <xsl:variable name="n" select="f:note-number(.)"/>
    <span class="footnote-anchor" id="noteref-{f:html-id(.)}"></span>
    <span class="footnote{@type ! (' type-' || f:token(.))}" id="{f:html-id(.)}" data-n="{$n}">
      <xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
      <xsl:for-each select="f:resp-label(@resp)">
        <span class="note-resp"> (Note by <xsl:value-of select="."/>.)</span>
      </xsl:for-each>
    </span>
  </xsl:template>

  <!-- A correction, regularisation or expansion in the text: the printed reading, unmarked (a clear
       text, as in a critical edition); its entry in the textual apparatus ("12 Czechoslovakia]
       Czecholsovakia MS") is a note at the foot of the page keyed to the line the reading begins on,
       like the entries of the apparatus criticus (the line number is written by edition/publish/print/pdf.py after
       a first layout: print_lines.py). -->
  <xsl:template match="choice[fp:is-apparatus-choice(.)][fp:is-line-keyed(.)]" mode="m:text" priority="1">
    <xsl:variable name="printed" select="if ($default-reading eq 'received') then (sic, orig, abbr)[1] else (corr, reg, expan)[1]"/>
    <span class="choice printed-{local-name($printed)}">
      <xsl:call-template name="t:intervention-note"/>
      <xsl:apply-templates select="$printed/node()" mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
    </span>
  </xsl:template>

  <!-- Words the edition supplies: in brackets in the text (the shared template), and an entry in the
       textual apparatus. -->
  <xsl:template match="supplied[fp:is-line-keyed(.)]" mode="m:text" priority="1">
    <span class="supplied-holder">
      <xsl:call-template name="t:intervention-note"/>
      <xsl:next-match/>
    </span>
  </xsl:template>

  <!-- The anchor (the line the lemma begins on) and the note of an intervention; the context is the
       choice or supplied element. In a link (a name of the index) only the anchor: the name
       template puts the note after the link. -->
  <xsl:template name="t:intervention-note">
    <xsl:param name="in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <span class="app-anchor" id="appanchor-{f:id(.)}"></span>
    <xsl:if test="not($in-link)">
      <xsl:call-template name="t:intervention-entry-note"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="t:intervention-entry-note">
    <xsl:variable name="id" select="f:id(.)"/>
    <span class="crit-note crit-intervention" id="crit-{$id}" data-app="{$id}">
      <span class="crit-line" data-anchor="appanchor-{$id}">&#x2007;&#x2007;&#x2007;&#x2007;</span>
      <xsl:text> </xsl:text>
      <xsl:call-template name="t:intervention-entry"/>
    </span>
  </xsl:template>

  <!-- One entry of the textual apparatus, after its line number. Edited reading printed:
       "Czechoslovakia] Czecholsovakia MS"; as received: "Czecholsovakia] MS; Czechoslovakia ed.";
       supplied: "[word] supplied (reason)". Regularisations, expansions and interventions of others
       than the editor say so in parentheses. -->
  <xsl:template name="t:intervention-entry">
    <xsl:variable name="siglum" select="fp:source-siglum(f:tei(.))"/>
    <xsl:choose>
      <xsl:when test="self::supplied">
        <span class="crit-lem">[<xsl:value-of select="f:cite-lemma(normalize-space(f:plain(.)))"/>]</span>
        <xsl:text> </xsl:text>
        <span class="crit-rdg"><xsl:value-of select="string-join(('supplied', f:resp-label(@resp) ! ('by ' || .)), ' ')"/></span>
        <xsl:for-each select="@reason[normalize-space()]"><xsl:text> </xsl:text><span class="app-note">(<xsl:value-of select="normalize-space(.)"/>)</span></xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="received" select="(sic, orig, abbr)[1]"/>
        <xsl:variable name="edited" select="(corr, reg, expan)[1]"/>
        <xsl:variable name="text" select="function($e) { (f:cite-lemma(normalize-space(f:plain($e)))[. ne ''], '‸')[1] }"/>
        <xsl:variable name="who" select="f:resp-label($edited/@resp)[exists(f:pointer-ids($edited/@resp)[. ne 'editor'])]"/>
        <xsl:variable name="kind" select="if ($edited/self::reg) then 'regularised' else if ($edited/self::expan) then 'expanded'
                                          else if (exists($who)) then 'corrected' else ()"/>
        <xsl:choose>
          <xsl:when test="$default-reading eq 'received'">
            <span class="crit-lem"><xsl:value-of select="$text($received)"/></span>
            <xsl:text>] </xsl:text><span class="wit"><xsl:value-of select="$siglum"/></span>
            <xsl:text>; </xsl:text>
            <span class="crit-rdg"><xsl:value-of select="if (normalize-space(f:plain($edited)) eq '') then 'om.' else $text($edited)"/></span>
            <xsl:text> </xsl:text><span class="wit">ed.</span>
          </xsl:when>
          <xsl:otherwise>
            <span class="crit-lem"><xsl:value-of select="$text($edited)"/></span>
            <xsl:text>] </xsl:text>
            <span class="crit-rdg"><xsl:value-of select="if (normalize-space(f:plain($received)) eq '') then 'om.' else $text($received)"/></span>
            <xsl:text> </xsl:text><span class="wit"><xsl:value-of select="$siglum"/></span>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="exists($kind)">
          <xsl:text> </xsl:text>
          <span class="app-note">(<xsl:value-of select="string-join(($kind, $who ! ('by ' || .)), ' ')"/>)</span>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A choice inside a note (outside the numbered lines): one reading, a letter that leads to the
       entry with the other in the textual apparatus after the text. -->
  <xsl:template match="choice[fp:is-apparatus-choice(.)]" mode="m:text" priority="0.9">
    <xsl:variable name="letter" select="fp:apparatus-letter(.)"/>
    <xsl:variable name="printed" select="if ($default-reading eq 'received') then (sic, orig, abbr)[1] else (corr, reg, expan)[1]"/>
    <span class="choice printed-{local-name($printed)}">
      <xsl:if test="$letter ne ''"><xsl:attribute name="id" select="'appref-' || $letter"/></xsl:if>
      <xsl:apply-templates select="$printed/node()" mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
    </span>
    <!-- a narrow no-break space before the letter: the text layer reads "Efremov g", not "Efremovg",
         and the letter stays on the line of its word -->
    <xsl:if test="$letter ne ''">
      <a class="app-call" href="#app-{$letter}"><xsl:text>&#x202F;</xsl:text><xsl:value-of select="$letter"/></a>
    </xsl:if>
  </xsl:template>

  <!-- The apparatus criticus: the lemma is printed; its entry ("12 socialism] A; communism B") is a
       note at the foot of the page, keyed to the line the lemma begins on. The line number is
       written by edition/publish/print/pdf.py after a first layout (print_lines.py), into the placeholder. -->
  <xsl:template match="app" mode="m:text" priority="1">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="id" select="f:html-id(.)"/>
    <xsl:variable name="entry">
      <span class="crit-note" id="crit-{$id}" data-app="{$id}">
        <span class="crit-line" data-anchor="appanchor-{$id}">&#x2007;&#x2007;&#x2007;&#x2007;</span>
        <xsl:text> </xsl:text>
        <xsl:call-template name="t:apparatus-entry"/>
      </span>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$inline or empty(lem/(p | sp | list))">
        <!-- the anchor, the note and the lemma in one element: WeasyPrint breaks a line too early where an
             empty element (the anchor, the note's call) stands between two words, and a line broken there
             moves when a margin number is put into it; an element that begins with the lemma's first word
             breaks as the word does -->
        <span class="app-lem">
          <span class="app-anchor" id="appanchor-{$id}"></span>
          <xsl:sequence select="$entry"/>
          <xsl:if test="not(f:location-referenced(.))">
            <xsl:apply-templates select="lem/node()" mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="$inline"/></xsl:apply-templates>
          </xsl:if>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <div class="app-block">
          <p class="app-anchor-line"><span class="app-anchor" id="appanchor-{$id}"></span><xsl:sequence select="$entry"/></p>
          <xsl:apply-templates select="lem/node()" mode="m:text"/>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A name: a link to its entry in the index of names; its id is what the index points back to. -->
  <xsl:template match="persName | placeName | orgName | name | rs | geogName | settlement[ancestor::text] | country[ancestor::text]"
                mode="m:text" priority="1">
    <xsl:variable name="entry" select="f:entry(.)"/>
    <xsl:variable name="class" select="string-join(('name', 'name-' || local-name(), $entry ! ('kind-' || f:entry-kind(.))), ' ')"/>
    <xsl:variable name="is-link" select="exists($entry) and exists(ancestor::text) and not(ancestor::ref)
                      and empty(ancestor::*[self::persName or self::placeName or self::orgName or self::name or self::rs or self::geogName][exists(f:entry(.))])"/>
    <xsl:variable name="content">
      <xsl:apply-templates mode="m:text">
        <xsl:with-param name="inline" tunnel="yes" select="true()"/>
        <xsl:with-param name="in-link" tunnel="yes" select="$is-link"/>
      </xsl:apply-templates>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$is-link">
        <a class="{$class}" id="{fp:occurrence-id(.)}" href="#entry-{$entry/@xml:id}">
          <xsl:apply-templates select="." mode="m:attributes"/>
          <xsl:sequence select="$content"/>
        </a>
        <!-- the apparatus notes of corrections in the name after the link: the link's text is the name -->
        <xsl:for-each select=".//(choice | supplied)[fp:is-line-keyed(.)]">
          <xsl:call-template name="t:intervention-entry-note"/>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <span class="{$class}"><xsl:apply-templates select="." mode="m:attributes"/><xsl:sequence select="$content"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ back matter -->

  <!-- The apparatus: for each lettered place, its page, the printed reading and the other one. -->
  <xsl:template name="t:apparatus">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="choices" select="fp:apparatus-choices($tei)"/>
    <xsl:if test="exists($choices)">
      <section class="apparatus" id="apparatus" data-running="Textual apparatus">
        <h2>Textual apparatus</h2>
        <p class="apparatus-intro">
          <xsl:choose>
            <xsl:when test="$default-reading eq 'received'">Readings in the notes (those of the text are at the foot of their pages, keyed to line numbers). The notes are printed as received; the letters lead to the edited readings.</xsl:when>
            <xsl:otherwise>Readings in the notes (those of the text are at the foot of their pages, keyed to line numbers). The notes are printed in the edited reading; the letters lead to the readings as received.</xsl:otherwise>
          </xsl:choose>
        </p>
        <ol class="apparatus-entries">
          <xsl:for-each select="$choices">
            <xsl:variable name="letter" select="fp:apparatus-letter(.)"/>
            <xsl:variable name="received" select="(sic, orig, abbr)[1]"/>
            <xsl:variable name="edited" select="(corr, reg, expan)[1]"/>
            <xsl:variable name="printed" select="if ($default-reading eq 'received') then $received else $edited"/>
            <xsl:variable name="other" select="if ($default-reading eq 'received') then $edited else $received"/>
            <xsl:variable name="kind" select="if ($edited/self::corr) then 'corrected' else if ($edited/self::reg) then 'regularised' else 'expanded'"/>
            <xsl:variable name="who" select="f:resp-label($edited/@resp)"/>
            <li class="app-entry" id="app-{$letter}">
              <span class="app-letter"><xsl:value-of select="$letter"/></span>
              <xsl:text> </xsl:text>
              <a class="app-page" href="#appref-{$letter}">p. </a>
              <xsl:text> </xsl:text>
              <span class="lemma"><xsl:value-of select="f:plain($printed)"/></span>
              <xsl:text>] </xsl:text>
              <span class="reading"><xsl:value-of select="f:plain($other)"/></span>
              <xsl:text> </xsl:text>
              <span class="app-note">
                <xsl:choose>
                  <xsl:when test="$default-reading eq 'received'">(<xsl:value-of select="$kind"/><xsl:value-of select="$who ! (' by ' || .)"/>)</xsl:when>
                  <xsl:otherwise>(as received; <xsl:value-of select="$kind"/><xsl:value-of select="$who ! (' by ' || .)"/>)</xsl:otherwise>
                </xsl:choose>
              </span>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- The index of names: persons, places, organisations, each entry with a short description and
       the pages it is named on. Each occurrence is a link whose page number the layout supplies
       (target-counter); edition/publish/print/pdf.py keeps one link per page. -->
  <xsl:template name="t:index-of-names">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="occurrences" select="fp:occurrences($tei)"/>
    <xsl:variable name="entries" select="$occurrences/f:entry(.)"/>
    <xsl:if test="exists($entries)">
      <section class="index-of-names" id="index-of-names" data-running="Index of names">
        <h2>Index of names</h2>
        <xsl:for-each-group select="$entries" group-by="f:entry-kind(.)">
          <xsl:sort select="index-of(('persons', 'places', 'organisations'), current-grouping-key())"/>
          <section class="index-group kind-{current-grouping-key()}">
            <h3><xsl:value-of select="upper-case(substring(current-grouping-key(), 1, 1)) || substring(current-grouping-key(), 2)"/></h3>
            <ul class="index-entries">
              <xsl:for-each select="current-group()">
                <xsl:sort select="f:sort-key(.)" collation="{$f:collation}"/>
                <xsl:variable name="entry" select="."/>
                <li class="index-entry" id="entry-{@xml:id}">
                  <span class="entry-name"><xsl:value-of select="f:index-name(.)"/></span>
                  <xsl:for-each select="fp:life-dates(.)"><span class="entry-dates"><xsl:text> (</xsl:text><xsl:value-of select="."/>)</span></xsl:for-each>
                  <xsl:for-each select="f:entry-description(.)"><span class="entry-desc"><xsl:text>. </xsl:text><xsl:value-of select="."/></span></xsl:for-each>
                  <xsl:text> </xsl:text>
                  <span class="locs" data-entry="{@xml:id}">
                    <xsl:for-each select="$occurrences[f:entry(.) is $entry]">
                      <xsl:if test="position() gt 1"><xsl:text>, </xsl:text></xsl:if>
                      <a class="loc" href="#{fp:occurrence-id(.)}"/>
                    </xsl:for-each>
                  </span>
                </li>
              </xsl:for-each>
            </ul>
          </section>
        </xsl:for-each-group>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- Years of birth and death of a person: '1893–1976'. -->
  <xsl:function name="fp:life-dates" as="xs:string?">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="born" select="$entry/tei:birth/(@when, @notBefore, @from)[1] ! replace(., '^(-?\d{4}).*$', '$1')"/>
    <xsl:variable name="died" select="$entry/tei:death/(@when, @notBefore, @from)[1] ! replace(., '^(-?\d{4}).*$', '$1')"/>
    <xsl:sequence select="if (exists($born) or exists($died)) then string-join(($born, '–', $died), '') else ()"/>
  </xsl:function>
</xsl:stylesheet>
