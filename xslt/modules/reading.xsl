<?xml version="1.0" encoding="UTF-8"?>
<!-- The reading page on screen: notes in the margin, interventions (corrections, regularisations,
     supplied words) reachable from the text and listed in an apparatus panel with links both ways,
     the table of contents, white space of the source typeset as one space. These templates add to
     the shared ones of text.xsl, notes.xsl and apparatus.xsl (xsl:next-match) and apply only to the
     screen output: print.xsl has its own. -->
<xsl:stylesheet version="3.0"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:f="urn:edition:functions"
    xmlns:fp="urn:edition:functions:private"
    xmlns:m="urn:edition:modes"
    xmlns:t="urn:edition:templates"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- ============================================================ white space -->

  <!-- Double spaces and no-break spaces after a space (" &#160;" after a sentence, as web pages
       write it) are one space in the reading text; the TEI keeps them as received. A lone
       no-break space between words stays. (Runs of plain spaces need nothing: HTML and the
       print layout collapse them; only a no-break space shows.) The expression is run by Java's
       regular expressions (Saxon's flag ';j'), several times faster here than Saxon's own; the two read
       it alike, as \s differs only in characters XML text cannot hold (U+000B, U+000C). -->
  <xsl:template match="text()[contains(., '&#160;')]" mode="m:text">
    <xsl:value-of select="replace(., '[\s&#160;]{2,}', ' ', ';j')"/>
  </xsl:template>

  <!-- ============================================================ interventions -->

  <!-- Editorial interventions the apparatus panel lists: choices between a reading as received
       and an edited one, and supplied words. -->
  <xsl:function name="f:is-intervention" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e[ancestor::tei:text][self::tei:choice[(tei:sic | tei:orig | tei:abbr) and (tei:corr | tei:reg | tei:expan)] or self::tei:supplied])"/>
  </xsl:function>

  <!-- Interventions numbered per document, in one pass. -->
  <xsl:accumulator name="fp:interventions" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:TEI" select="0"/>
    <xsl:accumulator-rule match="tei:choice | tei:supplied" select="if (f:is-intervention(.)) then $value + 1 else $value"/>
  </xsl:accumulator>

  <xsl:function name="f:intervention-number" as="xs:integer">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="$e ! accumulator-before('fp:interventions')"/>
  </xsl:function>

  <!-- Inside a link (a name of the register, a reference) the intervention cannot be a control
       of its own: the apparatus panel still lists it and links to it. -->
  <xsl:function name="fp:inside-link" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e/ancestor::*[self::tei:ref or self::tei:ptr
        or self::tei:*[self::tei:persName or self::tei:placeName or self::tei:orgName or self::tei:name or self::tei:rs or self::tei:geogName]
           [exists(f:entry(.)) or exists(f:safe-url(@ref[matches(., '^https?:', 'i')]))]])"/>
  </xsl:function>

  <!-- What the panel and the popover say of an intervention. -->
  <xsl:function name="f:intervention-kind" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="if ($e/self::tei:supplied) then 'supplied'
        else if ($e/tei:corr) then 'corrected' else if ($e/tei:reg) then 'regularised' else 'expanded'"/>
  </xsl:function>

  <xsl:template match="choice[f:is-intervention(.)][$output-media eq 'screen'] | supplied[f:is-intervention(.)][$output-media eq 'screen']"
                mode="m:text" priority="5">
    <xsl:variable name="n" select="f:intervention-number(.)"/>
    <span class="intervention" id="appref-{$n}" data-app="app-{$n}">
      <xsl:if test="not(fp:inside-link(.))">
        <xsl:attribute name="tabindex" select="'0'"/>
        <xsl:attribute name="role" select="'button'"/>
        <xsl:attribute name="aria-haspopup" select="'dialog'"/>
        <xsl:attribute name="aria-describedby" select="'app-' || $n"/>
      </xsl:if>
      <xsl:next-match/>
    </span>
  </xsl:template>

  <!-- A name linked to the register (or a reference) that holds an intervention ("Czecholsovakia"
       in a place name): the intervention cannot be a control inside the link, so a mark after the
       link opens its entry. -->
  <xsl:template match="(persName | placeName | orgName | name | rs | geogName | ref | ptr)
                       [.//(choice | supplied)][$output-media eq 'screen'][ancestor::text][not(fp:inside-link(.))]
                       [.//(choice | supplied)[f:is-intervention(.)]]" mode="m:text" priority="5">
    <xsl:variable name="inner" select=".//(choice | supplied)[f:is-intervention(.)][fp:inside-link(.)]"/>
    <xsl:next-match/>
    <xsl:for-each select="$inner">
      <xsl:variable name="n" select="f:intervention-number(.)"/>
      <a class="app-mark" href="#app-{$n}" data-app="app-{$n}" aria-haspopup="dialog"
         aria-label="Editorial intervention {$n}: {f:intervention-kind(.)}">°</a>
    </xsl:for-each>
  </xsl:template>

  <!-- The apparatus panel: every intervention, with where it is and a link back to it. -->
  <xsl:template name="t:apparatus-panel">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="items" select="$tei/text//(choice | supplied)[f:is-intervention(.)]"/>
    <xsl:if test="exists($items)">
      <section class="apparatus-panel" id="apparatus" aria-labelledby="apparatus-heading">
        <h2 id="apparatus-heading">Editorial interventions</h2>
        <p class="apparatus-intro">Every correction, regularisation and supplied word, in the order of the text;
          the edited reading first, then the reading as received.</p>
        <ol class="apparatus-list">
          <xsl:for-each select="$items">
            <xsl:variable name="n" select="f:intervention-number(.)"/>
            <xsl:variable name="anchor" select="f:anchor(.)"/>
            <xsl:variable name="who" select="f:resp-label(((corr, reg, expan)[1], self::supplied)[1]/@resp)"/>
            <li id="app-{$n}" class="app-entry app-{f:intervention-kind(.)}">
              <a class="app-place" href="#appref-{$n}" aria-label="Back to the text ({f:anchor-label($anchor)})"><xsl:value-of select="f:anchor-label($anchor)"/></a>
              <xsl:text> </xsl:text>
              <xsl:choose>
                <xsl:when test="self::supplied">
                  <span class="app-lemma">[<xsl:value-of select="f:plain(.)"/>]</span>
                  <span class="app-note"><xsl:value-of select="string-join((' supplied', $who ! ('by ' || .), @reason ! ('(' || . || ')')), ' ')"/></span>
                </xsl:when>
                <xsl:otherwise>
                  <span class="app-lemma"><xsl:value-of select="f:plain((corr, reg, expan)[1])"/></span>
                  <span class="app-sep">] </span>
                  <span class="app-reading"><xsl:value-of select="f:plain((sic, orig, abbr)[1])"/></span>
                  <span class="app-note"><xsl:value-of select="' as received; ' || f:intervention-kind(.) || $who ! (' by ' || .)"/></span>
                </xsl:otherwise>
              </xsl:choose>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ notes in the margin -->

  <!-- The note reference, then the note's text for the margin (shown on wide screens; hidden from
       assistive technology, which follows the reference to the numbered list). -->
  <xsl:template match="note[not(f:is-inline-note(.))][ancestor::text][$output-media eq 'screen']" mode="m:text" priority="5">
    <xsl:next-match/>
    <span class="sidenote" aria-hidden="true" data-note="{f:html-id(.)}">
      <span class="sidenote-number"><xsl:value-of select="f:note-number(.)"/></span>
      <xsl:text> </xsl:text>
      <xsl:value-of select="f:plain(.)"/>
    </span>
  </xsl:template>

  <!-- ============================================================ the page -->

  <!-- Under the title: where the rest of the page is (the panel is beside the text on wide
       screens, after it on phones). -->
  <xsl:template name="t:page-links">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:param name="downloads" as="map(xs:string, xs:string)"/>
    <xsl:variable name="links" select="(
        ['#about', 'About this document'], ['#cite', 'How to cite'],
        (if (exists(($downloads?tei, $downloads?pdf, $downloads?package))) then ['#downloads', 'Downloads'] else ()),
        (if (count($tei/text/body//div[head]) ge 2 or count($tei/text/body//sp) ge 8) then ['#toc', 'Contents'] else ()),
        (if (exists($tei/text//note[not(f:is-inline-note(.))])) then ['#notes-heading', 'Notes'] else ()),
        (if (exists($tei/text//(choice | supplied)[f:is-intervention(.)])) then ['#apparatus', 'Editorial interventions'] else ()))"/>
    <nav class="page-links" aria-label="On this page">
      <ul>
        <xsl:for-each select="$links"><li><a href="{?1}"><xsl:value-of select="?2"/></a></li></xsl:for-each>
      </ul>
    </nav>
  </xsl:template>

  <!-- ============================================================ contents -->

  <!-- The words a turn opens with, for its line in the contents: those of its first paragraph (or block,
       or line), else of what else it holds after the label (a list or a group of lines, item after item;
       a stage direction in its parentheses); empty for a turn with no words but its label. -->
  <xsl:function name="f:turn-opening" as="xs:string">
    <xsl:param name="sp" as="element(tei:sp)"/>
    <xsl:variable name="speech" select="($sp/(tei:p, tei:ab, tei:l), $sp/(* except (tei:speaker, tei:note)))[f:plain(.) ne ''][1]"/>
    <xsl:variable name="parts" select="$speech/(tei:item, tei:l, tei:p, tei:ab)"/>
    <xsl:variable name="words" select="if (exists($parts)) then string-join($parts ! f:plain(.), ' ') else string(($speech ! f:plain(.), '')[1])"/>
    <xsl:sequence select="if ($speech/self::tei:stage) then '(' || $words || ')' else $words"/>
  </xsl:function>

  <!-- A table of contents for a long record: its headed divisions, else its turns. -->
  <xsl:template name="t:toc">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="heads" select="$tei/text/body//div[head]"/>
    <xsl:variable name="turns" select="$tei/text/body//sp"/>
    <xsl:if test="count($heads) ge 2 or count($turns) ge 8">
      <details class="panel toc-panel" id="toc" data-open-wide="">
        <summary><h2 id="toc-heading">Contents</h2></summary>
        <nav class="toc" aria-labelledby="toc-heading">
          <ol>
            <xsl:choose>
              <xsl:when test="count($heads) ge 2">
                <xsl:for-each select="$heads">
                  <li><a href="#{f:html-id(.)}"><xsl:value-of select="f:plain(head[1])"/></a></li>
                </xsl:for-each>
              </xsl:when>
              <xsl:otherwise>
                <xsl:for-each select="$turns">
                  <xsl:variable name="words" select="tokenize(f:turn-opening(.), '\s+')[. ne '']"/>
                  <li>
                    <a href="#{f:html-id(.)}">
                      <span class="toc-who"><xsl:value-of select="f:speaker-name(.)"/></span>
                      <xsl:text> </xsl:text>
                      <span class="toc-words"><xsl:value-of select="string-join(subsequence($words, 1, 7), ' ') || (if (count($words) gt 7) then ' …' else '')"/></span>
                    </a>
                  </li>
                </xsl:for-each>
              </xsl:otherwise>
            </xsl:choose>
          </ol>
        </nav>
      </details>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
