<?xml version="1.0" encoding="UTF-8"?>
<!-- What a document says about its source, shown to the reader: the letter's header from
     correspDesc, the catalogue entry of a manuscript from msDesc (in the header or in the
     text), the transcription of the document as it lies on the page (sourceDoc: surface,
     zone, line, with additions and deletions) and the facsimile (links to the images, to
     which pb/@facs and surface/@facs lead; images are never fetched by the build). Shared by
     the screen and print outputs. -->
<xsl:stylesheet version="3.0"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:f="urn:edition:functions"
    xmlns:m="urn:edition:modes"
    xmlns:t="urn:edition:templates"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- ============================================================ correspondence -->

  <xsl:variable name="t:action-labels" as="map(xs:string, xs:string)" select="map{
      'sent': 'From', 'received': 'To', 'transmitted': 'Transmitted by', 'redirected': 'Redirected to',
      'forwarded': 'Forwarded to'}"/>

  <!-- The letter's header: who wrote to whom, from where, when; one block per correspDesc. -->
  <xsl:template name="t:letter-header">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="descs" select="$tei/teiHeader/profileDesc/correspDesc"/>
    <xsl:if test="exists($descs)">
      <section class="correspondence" aria-labelledby="correspondence-heading">
        <h2 id="correspondence-heading"><xsl:value-of select="if (count($descs) gt 1) then 'Letters' else 'Letter'"/></h2>
        <xsl:for-each select="$descs">
          <div class="corresp-desc">
            <xsl:apply-templates select="." mode="m:attributes"/>
            <dl class="corresp">
              <xsl:for-each select="correspAction">
                <dt><xsl:value-of select="($t:action-labels(string(@type)), (@type ! (upper-case(substring(., 1, 1)) || substring(., 2))), 'Action')[1]"/></dt>
                <dd>
                  <xsl:for-each select="*">
                    <xsl:if test="position() gt 1"><xsl:text>; </xsl:text></xsl:if>
                    <xsl:apply-templates select="." mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
                    <xsl:if test="self::date and normalize-space(.) eq ''"><xsl:value-of select="(@when, @notBefore, @from)[1]"/></xsl:if>
                  </xsl:for-each>
                </dd>
              </xsl:for-each>
              <xsl:for-each select="correspContext | note | p">
                <dt><xsl:value-of select="if (self::correspContext) then 'Context' else 'Note'"/></dt>
                <dd>
                  <xsl:for-each select="if (self::correspContext) then * else .">
                    <xsl:if test="position() gt 1"><xsl:text>; </xsl:text></xsl:if>
                    <xsl:for-each select="self::ref/@type"><span class="ref-type"><xsl:value-of select="(map{'prev': 'previous letter', 'next': 'next letter'}(string(.)), lower-case(replace(string(.), '([a-z])([A-Z])', '$1 $2')))[1]"/>: </span></xsl:for-each>
                    <xsl:apply-templates select="if (self::correspContext) then . else node()" mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
                  </xsl:for-each>
                </dd>
              </xsl:for-each>
            </dl>
          </div>
        </xsl:for-each>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ manuscripts -->

  <!-- The manuscripts the header describes, each as a catalogue entry. -->
  <xsl:template name="t:manuscripts">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="descs" select="$tei/teiHeader/fileDesc/sourceDesc//msDesc[not(ancestor::msDesc)]"/>
    <!-- a bare msIdentifier is the header's "Archival source" already -->
    <xsl:if test="exists($descs[* except msIdentifier]) or exists($descs/msIdentifier/(* except (repository, settlement, idno[@type = ('fond', 'opis', 'delo', 'citation')])))">
      <section class="manuscripts" aria-labelledby="manuscripts-heading">
        <h2 id="manuscripts-heading"><xsl:value-of select="if (count($descs) gt 1) then 'Manuscripts' else 'Manuscript'"/></h2>
        <xsl:apply-templates select="$descs" mode="m:text">
          <xsl:with-param name="heading-base" tunnel="yes" select="3"/>
        </xsl:apply-templates>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:variable name="t:ms-sections" as="map(xs:string, xs:string)" select="map{
      'msContents': 'Contents', 'physDesc': 'Physical description', 'history': 'History',
      'additional': 'Additional information', 'msPart': 'Part', 'msFrag': 'Fragment'}"/>

  <xsl:variable name="t:ms-labels" as="map(xs:string, xs:string)" select="map{
      'supportDesc': 'Support', 'extent': 'Extent', 'foliation': 'Foliation', 'collation': 'Collation',
      'condition': 'Condition', 'layoutDesc': 'Layout', 'handDesc': 'Hands', 'scriptDesc': 'Script',
      'typeDesc': 'Type', 'decoDesc': 'Decoration', 'musicNotation': 'Music notation', 'additions': 'Additions',
      'bindingDesc': 'Binding', 'sealDesc': 'Seals', 'accMat': 'Accompanying material', 'origin': 'Origin',
      'provenance': 'Provenance', 'acquisition': 'Acquisition', 'recordHist': 'Record history',
      'custodialHist': 'Custodial history', 'surrogates': 'Surrogates', 'incipit': 'Incipit',
      'explicit': 'Explicit', 'rubric': 'Rubric', 'finalRubric': 'Final rubric', 'colophon': 'Colophon',
      'textLang': 'Language', 'filiation': 'Filiation', 'summary': 'Summary', 'support': 'Support',
      'origDate': 'Date', 'origPlace': 'Place'}"/>

  <!-- White space between the parts of a catalogue entry (their content is elements only): the
       indentation of the TEI file, not text of the entry; the same entry reads the same from an indented
       file and from a tree without indentation. -->
  <xsl:template match="text()[not(normalize-space())][parent::msDesc or parent::msIdentifier or parent::altIdentifier
                       or parent::msContents or parent::msItem or parent::msItemStruct or parent::physDesc
                       or parent::objectDesc or parent::supportDesc or parent::layoutDesc or parent::handDesc
                       or parent::scriptDesc or parent::typeDesc or parent::decoDesc or parent::bindingDesc
                       or parent::sealDesc or parent::history or parent::additional or parent::adminInfo
                       or parent::surrogates[not(text()[normalize-space()])] or parent::msPart or parent::msFrag]"
                mode="m:text" priority="3"/>

  <xsl:template match="msDesc" mode="m:text">
    <xsl:call-template name="t:block">
      <xsl:with-param name="class" select="'msdesc'"/>
      <xsl:with-param name="with-id" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Where the manuscript is kept: its parts in order, separated by commas. -->
  <xsl:template match="msIdentifier | altIdentifier" mode="m:text">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:element name="{if ($inline or self::altIdentifier) then 'span' else 'p'}" namespace="http://www.w3.org/1999/xhtml">
      <xsl:attribute name="class" select="local-name()"/>
      <xsl:if test="self::altIdentifier"><xsl:text> (also </xsl:text></xsl:if>
      <xsl:for-each select="*">
        <xsl:if test="position() gt 1 and not(self::altIdentifier)"><xsl:text>, </xsl:text></xsl:if>
        <xsl:apply-templates select="." mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
      </xsl:for-each>
      <xsl:if test="self::altIdentifier"><xsl:text>)</xsl:text></xsl:if>
    </xsl:element>
  </xsl:template>

  <xsl:template match="msIdentifier/*[not(self::altIdentifier)] | altIdentifier/*" mode="m:text" priority="1">
    <span class="{local-name()}"><xsl:apply-templates select="." mode="m:attributes"/><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></span>
  </xsl:template>

  <!-- The main parts of a catalogue entry, each under its heading. -->
  <xsl:template match="msContents | physDesc | history | additional | msPart | msFrag" mode="m:text">
    <xsl:call-template name="t:block">
      <xsl:with-param name="class" select="'ms-section ms-' || local-name()"/>
      <xsl:with-param name="prefix"><p class="ms-heading"><strong><xsl:value-of select="$t:ms-sections(local-name())"/></strong></p></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- Containers without a label of their own. -->
  <xsl:template match="objectDesc | adminInfo | supportDesc | msDesc//listBibl[not(head)]" mode="m:text">
    <xsl:call-template name="t:block"><xsl:with-param name="class" select="'ms-' || local-name()"/></xsl:call-template>
  </xsl:template>

  <!-- Labelled descriptions: "Support: parchment". -->
  <xsl:template match="extent[ancestor::msDesc] | foliation | collation | condition | layoutDesc | handDesc
                       | scriptDesc | typeDesc | decoDesc | musicNotation | additions | bindingDesc | sealDesc | accMat
                       | origin | provenance | acquisition | recordHist | custodialHist | surrogates | msItem/incipit
                       | msItem/explicit | msItem/rubric | msItem/finalRubric | msItem/colophon | msItem/textLang
                       | msItem/filiation | msContents/summary | supportDesc/support | history/summary" mode="m:text" priority="1">
    <xsl:call-template name="t:block">
      <xsl:with-param name="class" select="'ms-field ms-' || local-name()"/>
      <xsl:with-param name="prefix"><span class="ms-label"><xsl:value-of select="$t:ms-labels(local-name())"/>: </span></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- Items of the contents, hands, decoration, bindings, seals and events, each a block. -->
  <xsl:template match="msItem | msItemStruct | handNote | decoNote | binding | seal | layout | custEvent | summary[ancestor::msDesc]"
                mode="m:text">
    <xsl:call-template name="t:block">
      <xsl:with-param name="class" select="'ms-' || local-name()"/>
      <xsl:with-param name="with-id" select="exists(self::msItem)"/>
      <!-- a hand or decoration described by its attributes only -->
      <xsl:with-param name="prefix">
        <xsl:if test="normalize-space(.) eq '' and (@medium, @style, @script, @scope, @type)">
          <span class="ms-attributes"><xsl:value-of select="string-join((@scope, @script, @style, @medium, @type) ! replace(., '-', ' '), ', ')"/></span>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="msItem/author | msItem/title | msItem/docAuthor | msItem/respStmt" mode="m:text">
    <xsl:call-template name="t:block">
      <xsl:with-param name="tag" select="'p'"/>
      <xsl:with-param name="class" select="'ms-' || local-name()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A place in the manuscript: its text, else its folios. -->
  <xsl:template match="locus" mode="m:text">
    <span class="locus">
      <xsl:choose>
        <xsl:when test="normalize-space(.) ne ''"><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></xsl:when>
        <xsl:otherwise><xsl:value-of select="'fols. ' || string-join((@from, @to), '–')"/></xsl:otherwise>
      </xsl:choose>
    </span>
    <xsl:text> </xsl:text>
  </xsl:template>
  <xsl:template match="locusGrp" mode="m:text">
    <span class="locusGrp"><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></span>
  </xsl:template>

  <!-- Measurements: "240 × 170 mm". -->
  <xsl:template match="dimensions" mode="m:text">
    <span class="dimensions">
      <xsl:for-each select="*">
        <xsl:if test="position() gt 1"><xsl:text> × </xsl:text></xsl:if>
        <xsl:apply-templates select="." mode="m:text"/>
      </xsl:for-each>
      <xsl:value-of select="@unit ! (' ' || .)"/>
    </span>
  </xsl:template>
  <xsl:template match="dimensions/* | dim" mode="m:text">
    <span class="{local-name()}">
      <xsl:choose>
        <xsl:when test="normalize-space(.) ne ''"><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></xsl:when>
        <xsl:otherwise><xsl:value-of select="(@quantity, string-join((@atLeast, @atMost), '–'))[. ne ''][1]"/></xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <xsl:template match="origDate | origPlace | material | watermark | secFol | catchwords | signatures | height | width | depth | depth
                       | objectType | stamp | heraldry | legend | idno[not(parent::msIdentifier or parent::altIdentifier)]
                       | repository | settlement[not(ancestor::text)] | institution | collection | msName | country[not(ancestor::text)] | region"
                mode="m:text">
    <span class="{local-name()}"><xsl:apply-templates select="." mode="m:attributes"/><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></span>
  </xsl:template>

  <!-- Notes outside the text (in a catalogue entry or a letter's header) stay where they are. -->
  <xsl:template match="note[not(ancestor::text)]" mode="m:text" priority="2">
    <xsl:call-template name="t:block">
      <xsl:with-param name="class" select="'note-here'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ============================================================ the document as it lies -->

  <!-- sourceDoc: each surface (a page), its zones and its lines, as they are on the page. -->
  <xsl:template name="t:source-documents">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="docs" select="$tei/sourceDoc"/>
    <xsl:if test="exists($docs)">
      <section class="source-documents" aria-labelledby="sourcedoc-heading">
        <h2 id="sourcedoc-heading">The document as written</h2>
        <xsl:apply-templates select="$docs" mode="m:source">
          <xsl:with-param name="root" tunnel="yes" select="''"/>
        </xsl:apply-templates>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:mode name="m:source" on-no-match="shallow-skip"/>
  <xsl:template match="sourceDoc" mode="m:source">
    <div class="sourceDoc" id="{f:id(.)}">
      <xsl:apply-templates select="." mode="m:attributes"/>
      <xsl:apply-templates select="*" mode="m:text"/>
    </div>
  </xsl:template>

  <xsl:template match="surface | surfaceGrp" mode="m:text">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="label" select="string-join((@n, @*:folio, label[1] ! normalize-space(.)), ' ')"/>
    <xsl:element name="{if ($inline) then 'span' else 'div'}" namespace="http://www.w3.org/1999/xhtml">
      <xsl:attribute name="class" select="local-name() || (if ($inline) then ' block' else '')"/>
      <xsl:attribute name="id" select="f:id(.)"/>
      <xsl:apply-templates select="." mode="m:attributes"/>
      <xsl:if test="$label ne '' or @facs or graphic">
        <p class="surface-label">
          <xsl:value-of select="if ($label ne '') then $label else 'Page'"/>
          <xsl:call-template name="t:facs-link"/>
        </p>
      </xsl:if>
      <xsl:apply-templates select="node() except label[1]" mode="m:text"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="zone" mode="m:text">
    <xsl:call-template name="t:block">
      <xsl:with-param name="class" select="string-join(('zone', @type ! ('zone-' || f:token(.)), @rend ! ('rend-' || f:token(.))), ' ')"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="line" mode="m:text">
    <xsl:call-template name="t:block">
      <xsl:with-param name="class" select="string-join(('line', @rend ! ('rend-' || f:token(.))), ' ')"/>
      <xsl:with-param name="phrasing" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Changes on the page: the deleted and the added reading side by side. -->
  <xsl:template match="mod | subst | restore | retrace | redo | undo" mode="m:text">
    <span class="{local-name()}"><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></span>
  </xsl:template>
  <xsl:template match="metamark" mode="m:text">
    <span class="metamark" title="{string-join(('Mark', @function ! ('(' || . || ')')), ' ')}"><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></span>
  </xsl:template>
  <xsl:template match="delSpan | addSpan | handShift | damageSpan | space" mode="m:text">
    <span class="{local-name()}" title="{local-name()}{@new ! (' ' || .)}">
      <xsl:if test="self::space"><xsl:text> </xsl:text></xsl:if>
    </span>
  </xsl:template>
  <xsl:template match="damage | surplus | secl | orig[not(parent::choice)] | reg[not(parent::choice)]" mode="m:text">
    <span class="{local-name()}"><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></span>
  </xsl:template>

  <!-- ============================================================ facsimile -->

  <!-- The facsimile: one link per image (remote images are linked, never fetched). -->
  <xsl:template name="t:facsimile">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="images" select="$tei/facsimile//graphic[exists(f:safe-url(@url))]"/>
    <xsl:if test="exists($tei/facsimile)">
      <section class="facsimile" aria-labelledby="facsimile-heading">
        <h2 id="facsimile-heading">Facsimile</h2>
        <xsl:choose>
          <xsl:when test="empty($images)"><p>The facsimile names no image that can be linked.</p></xsl:when>
          <xsl:otherwise>
            <ol class="facsimile-images">
              <xsl:for-each select="$tei/facsimile/(surface | surfaceGrp/surface | graphic)">
                <xsl:variable name="item" select="."/>
                <li id="{f:id(.)}">
                  <xsl:for-each select="descendant-or-self::graphic[exists(f:safe-url(@url))]">
                    <xsl:if test="position() gt 1"><xsl:text> · </xsl:text></xsl:if>
                    <a class="facs-image" href="{f:facs-url(.)}" rel="external">
                      <xsl:if test="@xml:id and not(. is $item)"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
                      <xsl:value-of select="(ancestor-or-self::*[@n][1]/@n ! ('Image ' || .), 'Image ' || count(preceding::graphic[ancestor::facsimile]) + 1)[1]"/>
                    </a>
                  </xsl:for-each>
                  <xsl:apply-templates select="self::surface/(* except graphic)" mode="m:text"/>
                </li>
              </xsl:for-each>
            </ol>
          </xsl:otherwise>
        </xsl:choose>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- The URL of an image: its @url against the xml:base of the facsimile, if that is safe. -->
  <xsl:function name="f:facs-url" as="xs:string?">
    <xsl:param name="graphic" as="element()"/>
    <xsl:variable name="base" select="($graphic/ancestor-or-self::*/@xml:base)[last()]"/>
    <xsl:variable name="url" select="string($graphic/@url)"/>
    <xsl:sequence select="if (exists($base) and not(matches($url, '^[a-z][a-z0-9+.\-]*:', 'i')) and matches($base, '^https?://', 'i'))
                          then f:safe-url(if (ends-with($base, '/')) then $base || $url else $base || '/' || $url) else f:safe-url($url)"/>
  </xsl:function>

  <!-- A link from a page (pb, surface) to its image in the facsimile, or to the image itself. -->
  <xsl:template name="t:facs-link">
    <xsl:variable name="target" select="tokenize(normalize-space(@facs), ' ')[1]"/>
    <xsl:variable name="el" select="if (starts-with($target, '#')) then key('f:xml-id', substring($target, 2), f:tei(.))[1] else ()"/>
    <xsl:variable name="graphic" select="($el/descendant-or-self::graphic)[1]"/>
    <xsl:variable name="href" select="if (exists($el)) then '#' || f:id($el) else if ($target ne '') then f:safe-url($target) else ()"/>
    <xsl:if test="exists($href)">
      <xsl:text> </xsl:text>
      <a class="facs" href="{$href}">facsimile</a>
    </xsl:if>
    <xsl:for-each select="graphic[exists(f:facs-url(.))][not(ancestor::facsimile)]">
      <xsl:text> </xsl:text>
      <a class="facs-image" href="{f:facs-url(.)}" rel="external">image</a>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="sourceDoc//graphic | surface/graphic" mode="m:text" priority="1"/>
</xsl:stylesheet>
