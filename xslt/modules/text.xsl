<?xml version="1.0" encoding="UTF-8"?>
<!-- The text of a TEI document in mode m:text: divisions, paragraphs, turns, stage
     directions, lists, highlighting, dates, measures, references. Shared by the screen and
     the print outputs.

     The tunnel parameter $inline is true where HTML allows only phrasing content (inside a
     paragraph or heading): block-level TEI met there renders as spans styled as blocks, so
     any TEI gives valid HTML. The tunnel parameter $root is the path from the page to the
     site root. -->
<xsl:stylesheet version="3.0"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:f="urn:edition:functions"
    xmlns:m="urn:edition:modes"
    xmlns:t="urn:edition:templates"
    xmlns:err="http://www.w3.org/2005/xqt-errors"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:mode name="m:text" on-no-match="text-only-copy"/>

  <!-- Block-level TEI: a paragraph holding one of these becomes a div, not a p. -->
  <xsl:function name="f:has-block" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e/(list | table | lg | quote[p | lg | ab] | figure | floatingText
                          | div | sp | p | ab | listBibl | castList | listPerson | listPlace | listOrg | eg))"/>
  </xsl:function>

  <!-- Generic block: the HTML element $tag, or a span in phrasing context. -->
  <xsl:template name="t:block">
    <xsl:param name="tag" as="xs:string" select="'div'"/>
    <xsl:param name="class" as="xs:string" select="local-name()"/>
    <xsl:param name="with-id" as="xs:boolean" select="false()"/>
    <xsl:param name="phrasing" as="xs:boolean" select="$tag = ('p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'dt', 'figcaption', 'caption')"/>
    <xsl:param name="prefix" as="item()*" select="()"/>
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:element name="{if ($inline) then 'span' else $tag}" namespace="http://www.w3.org/1999/xhtml">
      <xsl:attribute name="class" select="normalize-space(string-join(($class, @type ! ('type-' || f:token(.)),
                                         if ($inline) then 'block' else ()), ' '))"/>
      <xsl:if test="$with-id">
        <xsl:attribute name="id" select="f:html-id(.)"/>
      </xsl:if>
      <xsl:apply-templates select="." mode="m:attributes"/>
      <xsl:sequence select="$prefix"/>
      <xsl:choose>
        <!-- a part of the text the stylesheet fails on is named, and the rest of the text stands -->
        <xsl:when test="self::body or self::front or self::back or self::div or self::sourceDoc or self::surface">
          <xsl:for-each select="node()">
            <xsl:try>
              <xsl:apply-templates select="." mode="m:text">
                <xsl:with-param name="inline" tunnel="yes" select="$inline or $phrasing"/>
              </xsl:apply-templates>
              <xsl:catch>
                <xsl:message select="string-join(('edition:error', (ancestor::tei:TEI[1] ! f:doc-id(.), '')[1], name(),
                                     string-join(ancestor-or-self::*[namespace-uri() ne 'urn:edition:site'] ! local-name(), '/'), normalize-space($err:description)), '|')"/>
                <p class="render-error" role="note">[This <xsl:value-of select="name()"/> could not be rendered: <xsl:value-of select="normalize-space($err:description)"/>]</p>
              </xsl:catch>
            </xsl:try>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates mode="m:text">
            <xsl:with-param name="inline" tunnel="yes" select="$inline or $phrasing"/>
          </xsl:apply-templates>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:element>
  </xsl:template>

  <!-- Attributes every rendered element may carry; override this mode to add more. -->
  <xsl:mode name="m:attributes" on-no-match="deep-skip"/>
  <xsl:template match="*[@xml:lang]" mode="m:attributes">
    <xsl:attribute name="lang" select="@xml:lang"/>
    <!-- right-to-left scripts get their direction; a left-to-right part inside one gets its own -->
    <xsl:choose>
      <xsl:when test="f:is-rtl(@xml:lang)"><xsl:attribute name="dir" select="'rtl'"/></xsl:when>
      <xsl:when test="ancestor::*[@xml:lang][1][f:is-rtl(@xml:lang)]"><xsl:attribute name="dir" select="'ltr'"/></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- A link to an element's own place in the page (shown on hover and focus). -->
  <xsl:template name="t:permalink">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:if test="not($inline) and ancestor::text">
      <xsl:variable name="id" select="f:html-id(.)"/>
      <xsl:variable name="label" select="f:anchor-label($id)"/>
      <a class="permalink" href="#{$id}" aria-label="Link to this passage ({$label})" data-n="{$label[. ne $id]}"/>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ structure -->

  <xsl:template match="text | front | body | back | group" mode="m:text">
    <xsl:call-template name="t:block">
      <xsl:with-param name="class" select="'tei-' || local-name()"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="div | div1 | div2 | div3 | div4 | div5 | div6 | div7" mode="m:text">
    <xsl:call-template name="t:block">
      <xsl:with-param name="tag" select="if (head) then 'section' else 'div'"/>
      <xsl:with-param name="class" select="'div'"/>
      <xsl:with-param name="with-id" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Headings: level from the division depth, below the page's h1 and section h2. -->
  <xsl:template match="div/head | div1/head | div2/head | div3/head | div4/head | div5/head | div6/head | div7/head | body/head | front/head | back/head"
                mode="m:text">
    <xsl:param name="heading-base" as="xs:integer" tunnel="yes" select="3"/>
    <xsl:variable name="level" select="min((6, $heading-base + count(ancestor::*[starts-with(local-name(), 'div')]) - 1))"/>
    <xsl:call-template name="t:block">
      <xsl:with-param name="tag" select="'h' || $level"/>
      <xsl:with-param name="class" select="'head'"/>
      <xsl:with-param name="with-id" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="head" mode="m:text">
    <xsl:call-template name="t:block">
      <xsl:with-param name="tag" select="'p'"/>
      <xsl:with-param name="class" select="'head head-' || local-name(..)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="p | ab" mode="m:text">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:call-template name="t:block">
      <xsl:with-param name="tag" select="if (f:has-block(.)) then 'div' else 'p'"/>
      <xsl:with-param name="class" select="'p'"/>
      <xsl:with-param name="with-id" select="exists(ancestor::text)"/>
      <xsl:with-param name="prefix"><xsl:call-template name="t:permalink"/></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- A speech turn: the speaker set off, then the speech. -->
  <xsl:template match="sp" mode="m:text">
    <xsl:call-template name="t:block">
      <xsl:with-param name="class" select="'sp'"/>
      <xsl:with-param name="with-id" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The speaker label: "Label:", with a stage direction that follows the label inside it
       ("Cde. Efremov (after the translation ended):"), as the reading text has it. -->
  <xsl:template match="speaker" mode="m:text">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="stage" select="following-sibling::*[1][self::stage][not(@rend)][parent::sp]"/>
    <xsl:element name="{if ($inline) then 'span' else 'p'}" namespace="http://www.w3.org/1999/xhtml">
      <xsl:attribute name="class" select="'speaker' || (if ($inline) then ' block' else '')"/>
      <xsl:apply-templates select="." mode="m:attributes"/>
      <xsl:for-each select="parent::sp"><xsl:call-template name="t:permalink"/></xsl:for-each>
      <!-- the turn's position in the recording ("[00:12:45] INTERVIEWER:") opens the label -->
      <xsl:for-each select="preceding-sibling::*[1][self::milestone[@unit = 'timecode']]">
        <xsl:call-template name="t:timecode"/><xsl:text> </xsl:text>
      </xsl:for-each>
      <xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
      <!-- the stage direction itself: its own template leaves it out where it stands -->
      <xsl:for-each select="$stage">
        <xsl:text> </xsl:text>
        <span class="{string-join(('stage', @type ! ('stage-' || f:token(.))), ' ')}">
          <xsl:apply-templates select="." mode="m:attributes"/>
          <xsl:text>(</xsl:text>
          <xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
          <xsl:text>)</xsl:text>
        </span>
      </xsl:for-each>
      <!-- hearing-style labels keep their own period: "The CHAIRMAN."; the period of "Jr." or "Sr."
           ends a name, not a label ("John G. Roberts, Jr.:") -->
      <xsl:if test="not(matches(f:plain(.), '[:.]\s*$')) or matches(f:plain(.), '(^|\W)[JS]r\.\s*$')"><span class="speaker-colon">:</span></xsl:if>
    </xsl:element>
  </xsl:template>
  <xsl:template match="sp/stage[not(@rend)][preceding-sibling::*[1][self::speaker]]" mode="m:text"/>

  <!-- The indentation inside a speaker label is not text ("Mao Zedong:", not "Mao Zedong :"): white space
       at the start and the end of the label goes, white space between its parts is one space. -->
  <xsl:template match="speaker/text()" mode="m:text" priority="1">
    <xsl:value-of select="replace(replace(., '^\s+', if (preceding-sibling::node()) then ' ' else ''),
                                  '\s+$', if (following-sibling::node()) then ' ' else '')"/>
  </xsl:template>

  <!-- Timecodes of an interview: where the text is in the recording, with the source's brackets. -->
  <xsl:template match="milestone[@unit = 'timecode']" mode="m:text">
    <xsl:call-template name="t:timecode"/>
  </xsl:template>
  <!-- the one that opens a turn is set in its label (the speaker template), not again where it stands -->
  <xsl:template match="sp/milestone[@unit = 'timecode'][following-sibling::*[1][self::speaker]]" mode="m:text" priority="1"/>
  <xsl:template name="t:timecode">
    <xsl:variable name="brackets" select="if (@rend = 'parentheses') then ('(', ')') else ('[', ']')"/>
    <span class="timecode" title="Position in the recording">
      <xsl:value-of select="$brackets[1] || @n || $brackets[2]"/>
    </span>
  </xsl:template>

  <!-- A label inside a turn ("Mao Zedong continues:"), stored as a stage direction. -->
  <xsl:template match="stage[@rend = 'label']" mode="m:text">
    <span class="stage-label"><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>:</span>
  </xsl:template>

  <!-- Stage directions, with their parentheses put back (docs/encoding.md). -->
  <xsl:template match="stage" mode="m:text">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="block" select="not($inline) and exists(parent::*[self::div or self::sp or self::body or self::front or self::back or self::lg or starts-with(local-name(), 'div')])"/>
    <xsl:element name="{if ($block) then 'p' else 'span'}" namespace="http://www.w3.org/1999/xhtml">
      <xsl:attribute name="class" select="string-join(('stage', @type ! ('stage-' || f:token(.))), ' ')"/>
      <xsl:if test="$block"><xsl:attribute name="id" select="f:html-id(.)"/></xsl:if>
      <xsl:apply-templates select="." mode="m:attributes"/>
      <xsl:if test="$block"><xsl:call-template name="t:permalink"/></xsl:if>
      <xsl:text>(</xsl:text>
      <xsl:apply-templates mode="m:text">
        <xsl:with-param name="inline" tunnel="yes" select="true()"/>
      </xsl:apply-templates>
      <xsl:text>)</xsl:text>
    </xsl:element>
  </xsl:template>

  <xsl:template match="closer | opener | postscript | argument | epigraph | trailer | byline | docAuthor | docImprint" mode="m:text">
    <xsl:call-template name="t:block">
      <xsl:with-param name="class" select="local-name()"/>
      <xsl:with-param name="with-id" select="exists(self::closer)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="dateline | signed | salute | docDate | docTitle | titlePart" mode="m:text">
    <xsl:call-template name="t:block">
      <xsl:with-param name="tag" select="'p'"/>
      <xsl:with-param name="class" select="local-name()"/>
      <xsl:with-param name="with-id" select="exists(self::dateline)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ============================================================ lists, tables, verse -->

  <xsl:template match="list | listBibl" mode="m:text">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="ordered" select="@type = ('ordered', 'numbered') or @rend = ('numbered', 'ordered')"/>
    <xsl:variable name="list">
      <xsl:element name="{if ($inline) then 'span' else if ($ordered) then 'ol' else 'ul'}" namespace="http://www.w3.org/1999/xhtml">
        <xsl:attribute name="class" select="string-join(('list', @rend ! ('list-' || f:token(.)), @type ! ('type-' || f:token(.)), if ($inline) then 'block' else ()), ' ')"/>
        <xsl:apply-templates select="." mode="m:attributes"/>
        <xsl:for-each select="* except head">
          <xsl:choose>
            <xsl:when test="self::item or self::bibl or self::label or $inline"><xsl:apply-templates select="." mode="m:text"/></xsl:when>
            <!-- a page break or the like between items: a list item of its own -->
            <xsl:otherwise><li class="list-other"><xsl:apply-templates select="." mode="m:text"/></li></xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </xsl:element>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="head">
        <xsl:element name="{if ($inline) then 'span' else 'div'}" namespace="http://www.w3.org/1999/xhtml">
          <xsl:attribute name="class" select="'list-block' || (if ($inline) then ' block' else '')"/>
          <xsl:apply-templates select="head" mode="m:text"/>
          <xsl:sequence select="$list"/>
        </xsl:element>
      </xsl:when>
      <xsl:otherwise><xsl:sequence select="$list"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="item | list/bibl | listBibl/bibl" mode="m:text">
    <xsl:call-template name="t:block">
      <xsl:with-param name="tag" select="'li'"/>
      <xsl:with-param name="class" select="'item'"/>
      <xsl:with-param name="with-id" select="exists(ancestor::text)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="list/label" mode="m:text">
    <xsl:call-template name="t:block">
      <xsl:with-param name="tag" select="'li'"/>
      <xsl:with-param name="class" select="'label'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="table" mode="m:text">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="$inline">
        <xsl:call-template name="t:block"><xsl:with-param name="class" select="'table'"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <table class="table">
          <xsl:apply-templates select="." mode="m:attributes"/>
          <xsl:for-each select="head[1]">
            <caption><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></caption>
          </xsl:for-each>
          <tbody><xsl:apply-templates select="row" mode="m:text"/></tbody>
        </table>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="row" mode="m:text">
    <xsl:call-template name="t:block"><xsl:with-param name="tag" select="'tr'"/><xsl:with-param name="class" select="'row'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="cell" mode="m:text">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:element name="{if ($inline) then 'span' else if (@role = 'label') then 'th' else 'td'}" namespace="http://www.w3.org/1999/xhtml">
      <xsl:if test="@cols castable as xs:integer and not($inline)"><xsl:attribute name="colspan" select="xs:integer(@cols)"/></xsl:if>
      <xsl:if test="@rows castable as xs:integer and not($inline)"><xsl:attribute name="rowspan" select="xs:integer(@rows)"/></xsl:if>
      <xsl:apply-templates mode="m:text"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="lg" mode="m:text">
    <xsl:call-template name="t:block"><xsl:with-param name="class" select="'lg'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="l" mode="m:text">
    <xsl:call-template name="t:block">
      <xsl:with-param name="class" select="'l'"/>
      <xsl:with-param name="with-id" select="exists(ancestor::text)"/>
      <xsl:with-param name="phrasing" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="quote | cit" mode="m:text">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="$inline or not(f:has-block(.))">
        <q class="{local-name()}"><xsl:apply-templates select="." mode="m:attributes"/><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></q>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="t:block"><xsl:with-param name="tag" select="'blockquote'"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="figure" mode="m:text">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:element name="{if ($inline) then 'span' else 'figure'}" namespace="http://www.w3.org/1999/xhtml">
      <xsl:attribute name="class" select="'figure'"/>
      <xsl:apply-templates select="* except (head, figDesc)" mode="m:text"/>
      <xsl:for-each select="head">
        <xsl:element name="{if ($inline) then 'span' else 'figcaption'}" namespace="http://www.w3.org/1999/xhtml">
          <xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
        </xsl:element>
      </xsl:for-each>
    </xsl:element>
  </xsl:template>

  <xsl:template match="figDesc" mode="m:text"/>

  <xsl:template match="graphic | media" mode="m:text">
    <xsl:variable name="src" select="f:safe-url(@url)"/>
    <xsl:if test="exists($src)">
      <img class="graphic" src="{$src}" alt="{normalize-space((../figDesc, desc, ../head)[1])}"/>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ phrases -->

  <xsl:template match="lb" mode="m:text"><br/></xsl:template>

  <!-- A page break: the page number in the margin, a link to the facsimile if it is safe. -->
  <xsl:template match="pb" mode="m:text">
    <xsl:variable name="facs" select="f:safe-url(@facs)"/>
    <xsl:variable name="label" select="'[' || (if (@n) then 'p. ' || @n else 'page break') || ']'"/>
    <!-- a page of the facsimile in this document: the link leads to it there -->
    <xsl:variable name="surface" select="if (starts-with(normalize-space(@facs), '#'))
        then key('f:xml-id', substring(tokenize(normalize-space(@facs), ' ')[1], 2), f:tei(.))[ancestor::facsimile][1] else ()"/>
    <span class="pb">
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:choose>
        <xsl:when test="exists($surface)">
          <a class="facs" href="#{f:id($surface)}"><xsl:value-of select="$label"/></a>
        </xsl:when>
        <xsl:when test="exists($facs) and matches($facs, '^https?:|\.(jpe?g|png|gif|tiff?|pdf|webp)$', 'i')">
          <a class="facs" href="{$facs}"><xsl:value-of select="$label"/></a>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="$label"/></xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <xsl:template match="cb | milestone | anchor | index | fw[@type = ('catch', 'sig')]" mode="m:text">
    <xsl:if test="@xml:id"><span class="{local-name()}" id="{@xml:id}"/></xsl:if>
  </xsl:template>

  <xsl:template match="hi" mode="m:text">
    <xsl:variable name="rend" select="lower-case(string-join((@rend, @rendition), ' '))"/>
    <xsl:variable name="tag" select="
      if (matches($rend, 'ital')) then 'i'
      else if (matches($rend, 'bold|strong')) then 'b'
      else if (matches($rend, 'sup')) then 'sup'
      else if (matches($rend, 'sub')) then 'sub'
      else if (matches($rend, 'under')) then 'u'
      else if (matches($rend, 'strike|line-?through')) then 's'
      else 'span'"/>
    <xsl:element name="{$tag}" namespace="http://www.w3.org/1999/xhtml">
      <xsl:attribute name="class" select="string-join(('hi', tokenize($rend, '\s+')[. ne ''] ! ('rend-' || f:token(.))), ' ')"/>
      <xsl:apply-templates select="." mode="m:attributes"/>
      <xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <xsl:template match="emph" mode="m:text">
    <em><xsl:apply-templates select="." mode="m:attributes"/><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></em>
  </xsl:template>

  <xsl:template match="foreign | term | mentioned" mode="m:text">
    <i class="{local-name()}"><xsl:apply-templates select="." mode="m:attributes"/><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></i>
  </xsl:template>

  <xsl:template match="title[ancestor::text or ancestor::p or ancestor::bibl]" mode="m:text">
    <cite class="title"><xsl:apply-templates select="." mode="m:attributes"/><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></cite>
  </xsl:template>

  <!-- Quotations: the marks of the transcript are kept (docs/encoding.md); marks are written only where
       the quotation has none of its own, and the style sheets turn off the marks browsers add to q. -->
  <xsl:template match="q | said[not(f:has-block(.))]" mode="m:text">
    <xsl:variable name="own" select="matches(string(.), '^\s*[&quot;“‘«„]')"/>
    <q class="{local-name()}">
      <xsl:apply-templates select="." mode="m:attributes"/>
      <xsl:if test="not($own)">“</xsl:if>
      <xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
      <xsl:if test="not($own)">”</xsl:if>
    </q>
  </xsl:template>

  <!-- soCalled: quotation marks are added unless the transcript kept its own. -->
  <xsl:template match="soCalled" mode="m:text">
    <xsl:variable name="before" select="string((preceding-sibling::node()[1])[self::text()])"/>
    <xsl:variable name="own" select="matches(string(.), '^\s*[&quot;“‘«„]') or matches($before, '[&quot;“‘«„]$')"/>
    <span class="socalled">
      <xsl:if test="not($own)">“</xsl:if>
      <xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
      <xsl:if test="not($own)">”</xsl:if>
    </span>
  </xsl:template>

  <!-- Dates and times: an HTML time element when the value is one HTML understands. -->
  <xsl:template match="date | time" mode="m:text">
    <xsl:variable name="when" select="string((@when, @when-iso)[1])"/>
    <xsl:variable name="html-ok" select="matches($when, '^(\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?)?)?|\d{2}:\d{2}(:\d{2}(\.\d+)?)?)$')"/>
    <xsl:element name="{if ($html-ok) then 'time' else 'span'}" namespace="http://www.w3.org/1999/xhtml">
      <xsl:attribute name="class" select="local-name()"/>
      <xsl:if test="$html-ok"><xsl:attribute name="datetime" select="$when"/></xsl:if>
      <xsl:apply-templates select="." mode="m:attributes"/>
      <xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <!-- A quantity: the reading as written, the normalised value for the figures panel. -->
  <xsl:template match="measure | num" mode="m:text">
    <span class="{local-name()}">
      <xsl:if test="@quantity castable as xs:double">
        <xsl:attribute name="data-quantity" select="@quantity"/>
        <xsl:attribute name="title" select="normalize-space(string-join((format-number(xs:double(@quantity), '#,##0.###'), @unit, @commodity ! ('of ' || .)), ' '))"/>
      </xsl:if>
      <xsl:if test="@commodity"><xsl:attribute name="data-commodity" select="@commodity"/></xsl:if>
      <xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
      <!-- a quantity given only in its attributes ("1 karte") -->
      <xsl:if test="normalize-space(.) eq '' and @quantity">
        <xsl:value-of select="string-join((@quantity, @unit, @commodity), ' ') || (if (following-sibling::*[1][self::measure]) then '; ' else '')"/>
      </xsl:if>
    </span>
  </xsl:template>

  <!-- References: '#id' to a place in this document, http(s) or relative links; anything else
       is shown as text without a link. -->
  <xsl:template match="ref | ptr" mode="m:text">
    <xsl:variable name="href" select="f:ref-href(., @target)"/>
    <xsl:variable name="content">
      <xsl:choose>
        <xsl:when test="self::ptr"><xsl:value-of select="@target"/></xsl:when>
        <xsl:otherwise><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="exists($href) and not(ancestor::ref or ancestor::*[@ref][f:entry(.)])">
        <a class="ref" href="{$href}"><xsl:sequence select="$content"/></a>
      </xsl:when>
      <xsl:otherwise><span class="ref"><xsl:sequence select="$content"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Where a pointer attribute leads in the page, if anywhere safe. -->
  <xsl:function name="f:ref-href" as="xs:string?">
    <xsl:param name="context" as="element()"/>
    <xsl:param name="target" as="attribute()?"/>
    <!-- A list of pointers: the first one. Anything else is one URL, whose inner white space
         f:safe-url removes as a browser would ('jav&#9;ascript:' is 'javascript:'). -->
    <xsl:variable name="tokens" select="tokenize(normalize-space($target), ' ')"/>
    <xsl:variable name="first" select="if (every $t in $tokens satisfies matches($t, '^(#|https?://)'))
                                       then $tokens[1] else string($target)"/>
    <xsl:choose>
      <xsl:when test="starts-with($first, '#')">
        <xsl:variable name="el" select="key('f:xml-id', substring($first, 2), f:tei($context))[1]"/>
        <xsl:sequence select="if ($el[ancestor::text]) then '#' || (if ($el/self::note) then f:html-id($el) else f:anchor($el)) else ()"/>
      </xsl:when>
      <xsl:otherwise><xsl:sequence select="f:safe-url($first)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <xsl:template match="gloss | abbr | expan | seg | c | w | pc | s | phr | distinct | emph/seg | orig | reg | sic | corr" mode="m:text" priority="-0.5">
    <span class="{local-name()}"><xsl:apply-templates select="." mode="m:attributes"/><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></span>
  </xsl:template>

  <xsl:template match="bibl" mode="m:text">
    <span class="bibl"><xsl:apply-templates select="." mode="m:attributes"/><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></span>
  </xsl:template>

  <!-- The parts of the editorial declaration, each with its name as a label. -->
  <xsl:template match="editorialDecl/*" mode="m:text">
    <xsl:variable name="labels" select="map{'normalization': 'Normalisation', 'segmentation': 'Segmentation',
        'interpretation': 'Interpretation', 'correction': 'Corrections', 'quotation': 'Quotation',
        'hyphenation': 'Hyphenation', 'punctuation': 'Punctuation', 'stdVals': 'Standard values'}"/>
    <div class="decl decl-{f:token(local-name())}">
      <p class="decl-label"><strong><xsl:value-of select="($labels(local-name()), local-name())[1]"/></strong></p>
      <xsl:apply-templates mode="m:text"/>
    </div>
  </xsl:template>

  <!-- The header is not part of the reading text. -->
  <xsl:template match="teiHeader | facsimile | standOff | sourceDoc" mode="m:text"/>
</xsl:stylesheet>
