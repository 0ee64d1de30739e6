<?xml version="1.0" encoding="UTF-8"?>
<!-- The encoding guidelines page, generated from the project's ODD (given to the site
     listing pass as ed:listing/ed:odd): the ODD's prose, then each element specification with its
     description, attributes, value lists and constraints. -->
<xsl:stylesheet version="3.0"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:site"
    xmlns:f="urn:edition:functions"
    xmlns:m="urn:edition:modes"
    xmlns:t="urn:edition:templates"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:template name="t:guidelines">
    <xsl:variable name="odd" select="/ed:listing/ed:odd/TEI"/>
    <xsl:call-template name="t:page">
      <xsl:with-param name="title" select="'Encoding guidelines'"/>
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="current" select="'guidelines.html'"/>
      <xsl:with-param name="body-class" select="'page page-guidelines'"/>
      <xsl:with-param name="content">
        <h1>Encoding guidelines</h1>
        <xsl:choose>
          <xsl:when test="empty($odd)">
            <p class="odd-missing">The project's customisation of TEI (its ODD) was not part of this build, so its
              guidelines cannot be shown. The TEI files offered with each document follow TEI P5.</p>
          </xsl:when>
          <xsl:otherwise>
            <xsl:for-each select="normalize-space(($odd/teiHeader/fileDesc/titleStmt/title)[1])[. ne '']">
              <p class="odd-title"><xsl:value-of select="."/></p>
            </xsl:for-each>
            <xsl:variable name="specs" select="$odd//schemaSpec"/>
            <xsl:call-template name="t:guidelines-for-readers">
              <xsl:with-param name="specs" select="$specs"/>
            </xsl:call-template>
            <details class="odd-technical" id="technical">
            <summary><h2 id="technical-heading">Technical details: the customisation of TEI (ODD)</h2></summary>
            <div class="odd-prose">
              <xsl:apply-templates select="$odd/text" mode="m:odd-prose"/>
            </div>
            <xsl:variable name="elements" select="$specs//elementSpec"/>
            <xsl:if test="exists($elements)">
              <section class="odd-elements" aria-labelledby="odd-elements-heading">
                <h2 id="odd-elements-heading">Elements</h2>
                <xsl:for-each select="$elements">
                  <xsl:sort select="@ident"/>
                  <xsl:apply-templates select="." mode="m:odd"/>
                </xsl:for-each>
              </section>
            </xsl:if>
            <xsl:variable name="classes" select="$specs//classSpec[attList or desc]"/>
            <xsl:if test="exists($classes)">
              <section class="odd-classes" aria-labelledby="odd-classes-heading">
                <h2 id="odd-classes-heading">Attribute classes</h2>
                <xsl:for-each select="$classes">
                  <xsl:sort select="@ident"/>
                  <xsl:apply-templates select="." mode="m:odd"/>
                </xsl:for-each>
              </section>
            </xsl:if>
            <xsl:variable name="rules" select="$specs//constraintSpec[not(ancestor::elementSpec or ancestor::classSpec)]"/>
            <xsl:if test="exists($rules)">
              <section class="odd-rules" aria-labelledby="odd-rules-heading">
                <h2 id="odd-rules-heading">Rules</h2>
                <xsl:apply-templates select="$rules" mode="m:odd"/>
              </section>
            </xsl:if>
            </details>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- For readers: what the texts of this edition mark up and how it shows, element by element, with
       the number of places and an example from the texts themselves (its words, and its TEI markup
       folded). Only elements that occur in the edition's documents and that the ODD describes. -->
  <xsl:template name="t:guidelines-for-readers">
    <xsl:param name="specs" as="element()*"/>
    <!-- each element of the texts: its count over all documents and its first example, merged from
         the digests by edition/publish/html/site.py -->
    <xsl:variable name="used" select="/ed:listing/ed:element"/>
    <section class="odd-reading" aria-labelledby="odd-reading-heading">
      <h2 id="odd-reading-heading">What the texts mark up</h2>
      <p class="odd-reading-intro">Each text of this edition is encoded in TEI, the standard of the Text
        Encoding Initiative. Below is what is marked in the texts of this edition, how often, and an example
        from the texts; the encoding itself (the TEI file of each document) can be downloaded from its
        page.</p>
      <dl class="odd-reading-list">
        <xsl:for-each select="$specs//elementSpec[desc or gloss or map:contains($reader-descriptions, string(@ident))]">
          <xsl:sort select="@ident"/>
          <xsl:variable name="name" select="string(@ident)"/>
          <xsl:variable name="uses" select="$used[@name eq $name]"/>
          <xsl:if test="exists($uses)">
            <xsl:variable name="count" select="xs:integer($uses/@count)"/>
            <dt id="reading-{f:token($name)}"><code>&lt;<xsl:value-of select="$name"/>&gt;</code>
              <span class="odd-count"> (<xsl:value-of select="$count"/><xsl:value-of select="if ($count eq 1) then ' place' else ' places'"/>)</span></dt>
            <dd>
              <p><xsl:value-of select="($reader-descriptions($name), normalize-space(string-join(((gloss, desc)[1])//text(), '')))[1]"/></p>
              <xsl:for-each select="$uses/ed:words">
                <p class="odd-example">For example: “<xsl:value-of select="."/>”</p>
                <details class="odd-example-markup">
                  <summary>its encoding</summary>
                  <pre class="egxml"><code><xsl:value-of select="../ed:markup"/></code></pre>
                </details>
              </xsl:for-each>
            </dd>
          </xsl:if>
        </xsl:for-each>
      </dl>
    </section>
  </xsl:template>

  <!-- What an element means to a reader of the edition and how the page shows it (the ODD's own
       descriptions are written for encoders; they are used where this list has nothing). -->
  <xsl:variable name="reader-descriptions" as="map(xs:string, xs:string)" select="map{
    'sp': 'A turn of speech: what one participant says, from one speaker label to the next.',
    'speaker': 'The speaker label as the record writes it (for example &#8220;Cde. Mao Zedong:&#8221;); each is linked to the person in the list of participants.',
    'p': 'A paragraph of the record. Paragraphs outside a turn of speech are the recorder&#8217;s own narrative and are set apart on the page.',
    'stage': 'A remark of the recorder inside the conversation: laughter, a silence, the time the meeting began. Shown in italics in parentheses.',
    'supplied': 'Words the translator or the editors added to make the sense clear, shown in [square brackets] as in the record.',
    'choice': 'A place where the editors corrected or regularised the text: the reading switch above the text shows the record as received or as edited; both readings are listed under Editorial interventions.',
    'sic': 'The text as received, where the editors think it mistaken (shown with the reading &#8220;as received&#8221;).',
    'corr': 'The editors&#8217; correction of a mistake (shown with the reading &#8220;edited&#8221;).',
    'orig': 'A spelling as received, where the edition regularises it (for example a place name).',
    'reg': 'The regularised spelling the edition uses.',
    'persName': 'The name of a person, linked to the index of persons.',
    'placeName': 'The name of a place, linked to the index of places.',
    'orgName': 'The name of an organisation, linked to the index of organisations.',
    'date': 'A date the text names, with its calendar date for searching and sorting.',
    'time': 'A time of day the text names.',
    'measure': 'A quantity the text states (tons of steel, households); these are drawn in the figures panel.',
    'note': 'A note: the editors&#8217; explanatory notes are numbered and shown in the margin or as a popover.',
    'q': 'Words quoted in the text.',
    'soCalled': 'A term the text holds at a distance (&#8220;so-called&#8221;).',
    'mentioned': 'A word mentioned as a word, not used.',
    'milestone': 'A position in the recording (a timecode of an interview).',
    'pb': 'A page break of the source.',
    'head': 'A heading of the record.',
    'list': 'A list in the text.',
    'item': 'An item of a list.',
    'closer': 'The closing of the record (who recorded it).',
    'signed': 'The recorder&#8217;s name at the end of the record.',
    'gap': 'Words the transcript leaves out and says so (for example &#8220;[inaudible]&#8221;).',
    'unclear': 'Words the transcriber heard with doubt.',
    'incident': 'Something that happened during the conversation, as the transcriber notes it (crosstalk, an interruption).',
    'vocal': 'A sound a speaker made that is not a word (laughter, a cough).',
    'app': 'A place where the witnesses of the text differ: the established reading and the others with their sigla.',
    'lem': 'The reading of the established text at a place where the witnesses differ.',
    'rdg': 'The reading of another witness.'}"/>

  <xsl:function name="f:clip" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:param name="max" as="xs:integer"/>
    <xsl:sequence select="if (string-length($s) le $max) then $s else substring($s, 1, $max) || '…'"/>
  </xsl:function>

  <!-- An assertion's message as a reader reads it: the values it names at validation time as "…". -->
  <xsl:function name="f:assert-message" as="xs:string">
    <xsl:param name="assert" as="element()"/>
    <xsl:sequence select="normalize-space(string-join($assert/node() ! (if (. instance of text()) then string(.)
                          else if (local-name(.) = ('value-of', 'name')) then '…' else string(.)), ''))"/>
  </xsl:function>

  <!-- The ODD's prose: the usual text templates, with the schema specification left out
       (it is shown in its own sections) and headings one level lower. -->
  <xsl:mode name="m:odd-prose" on-no-match="shallow-skip"/>
  <xsl:template match="text" mode="m:odd-prose">
    <xsl:apply-templates select="(front, body, back)/*[not(self::schemaSpec)]" mode="m:text">
      <xsl:with-param name="heading-base" tunnel="yes" select="2"/>
    </xsl:apply-templates>
  </xsl:template>
  <xsl:template match="schemaSpec | specGrp" mode="m:text"/>
  <xsl:template match="gi | att | val | tag | ident | code" mode="m:text">
    <code class="{local-name()}"><xsl:if test="self::tag">&lt;</xsl:if><xsl:if test="self::att">@</xsl:if><xsl:value-of select="."/><xsl:if test="self::tag">&gt;</xsl:if></code>
  </xsl:template>
  <xsl:template match="specList" mode="m:text">
    <ul class="speclist"><xsl:for-each select="specDesc"><li><code><xsl:value-of select="@key"/></code></li></xsl:for-each></ul>
  </xsl:template>
  <xsl:template match="egXML" mode="m:text" xmlns:eg="http://www.tei-c.org/ns/Examples">
    <pre class="egxml"><code><xsl:value-of select="serialize(node(), map{'method': 'xml', 'omit-xml-declaration': true()})"/></code></pre>
  </xsl:template>

  <xsl:mode name="m:odd" on-no-match="shallow-skip"/>

  <xsl:template match="elementSpec | classSpec" mode="m:odd">
    <section class="spec" id="{local-name()}-{@ident}" aria-labelledby="{local-name()}-{@ident}-h">
      <h3 id="{local-name()}-{@ident}-h"><code><xsl:value-of select="if (self::elementSpec) then '&lt;' || @ident || '&gt;' else @ident"/></code>
        <xsl:if test="@mode"><span class="spec-mode"> (<xsl:value-of select="@mode"/>)</span></xsl:if></h3>
      <xsl:for-each select="gloss[1]"><p class="spec-gloss"><xsl:value-of select="normalize-space(.)"/></p></xsl:for-each>
      <xsl:for-each select="desc"><p class="spec-desc"><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></p></xsl:for-each>
      <xsl:if test="attList//attDef">
        <dl class="attributes">
          <xsl:for-each select="attList//attDef">
            <dt><code>@<xsl:value-of select="@ident"/></code><xsl:if test="@mode = 'delete'"> (not allowed)</xsl:if><xsl:if test="@usage = 'req'"> (required)</xsl:if></dt>
            <dd>
              <xsl:for-each select="desc"><p><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></p></xsl:for-each>
              <xsl:for-each select="valList">
                <p class="vallist-type">Values (<xsl:value-of select="if (@type = 'closed') then 'closed list' else 'suggested'"/>):</p>
                <ul class="vallist">
                  <xsl:for-each select="valItem">
                    <li><code><xsl:value-of select="@ident"/></code><xsl:for-each select="(desc, gloss)[1]"> — <xsl:value-of select="normalize-space(.)"/></xsl:for-each></li>
                  </xsl:for-each>
                </ul>
              </xsl:for-each>
            </dd>
          </xsl:for-each>
        </dl>
      </xsl:if>
      <xsl:apply-templates select=".//constraintSpec" mode="m:odd"/>
    </section>
  </xsl:template>

  <xsl:template match="constraintSpec" mode="m:odd">
    <div class="constraint" id="constraint-{f:token(@ident)}">
      <p><strong>Rule <code><xsl:value-of select="@ident"/></code></strong>
        <xsl:for-each select="desc">: <xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></xsl:for-each></p>
      <xsl:variable name="asserts" select="constraint//*[local-name() = ('assert', 'report')]"/>
      <xsl:if test="exists($asserts)">
        <ul class="asserts">
          <xsl:for-each select="$asserts">
            <li><xsl:value-of select="f:assert-message(.)"/>
              <details class="assert-test"><summary>the test</summary><code class="test"><xsl:value-of select="@test"/></code></details></li>
          </xsl:for-each>
        </ul>
      </xsl:if>
    </div>
  </xsl:template>
</xsl:stylesheet>
