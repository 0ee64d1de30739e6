<?xml version="1.0" encoding="UTF-8"?>
<!-- The editorial apparatus: choices between the reading as received and the edited reading,
     supplied words in brackets, gaps, deletions, additions, variant readings. Shared by the
     screen and print outputs; print.xsl decides which reading to print. -->
<xsl:stylesheet version="3.0"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:f="urn:edition:functions"
    xmlns:m="urn:edition:modes"
    xmlns:t="urn:edition:templates"
    xmlns:fp="urn:edition:functions:private"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- Both readings are in the page; the reading switch (CSS classes on the html element)
       shows one. Without script the edited reading shows, the other is in the tooltip. -->
  <xsl:template match="choice[(sic | orig | abbr) and (corr | reg | expan)]" mode="m:text">
    <xsl:variable name="received" select="(sic, orig, abbr)[1]"/>
    <xsl:variable name="edited" select="(corr, reg, expan)[1]"/>
    <xsl:variable name="who" select="f:resp-label($edited/@resp)"/>
    <xsl:variable name="kind" select="if ($edited/self::corr) then 'corrected' else if ($edited/self::reg) then 'regularised' else 'expanded'"/>
    <span class="choice choice-{local-name($received)}"
          title="As received: {f:plain($received)}. Edited reading ({$kind}{$who ! (' by ' || .)}): {f:plain($edited)}.">
      <span class="reading-received">
        <xsl:apply-templates select="$received/node()" mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
      </span>
      <span class="reading-edited">
        <xsl:apply-templates select="$edited/node()" mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
      </span>
    </span>
  </xsl:template>

  <!-- Other choices (alternative readings): all shown, separated by a slash. -->
  <xsl:template match="choice" mode="m:text">
    <span class="choice">
      <xsl:for-each select="*">
        <xsl:if test="position() gt 1"><span class="choice-sep">/</span></xsl:if>
        <xsl:apply-templates select="." mode="m:text"/>
      </xsl:for-each>
    </span>
  </xsl:template>

  <xsl:template match="sic[not(parent::choice)]" mode="m:text">
    <span class="sic"><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></span>
    <span class="sic-mark"> [sic]</span>
  </xsl:template>

  <!-- Words supplied by the translator or editor, in brackets, with who supplied them. -->
  <xsl:template match="supplied" mode="m:text">
    <xsl:variable name="who" select="f:resp-label(@resp)"/>
    <span class="supplied{@reason ! (' reason-' || f:token(.))}"
          title="{string-join(('Supplied', $who ! ('by ' || .), @reason ! ('(' || . || ')')), ' ')}">
      <xsl:text>[</xsl:text>
      <xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
      <xsl:text>]</xsl:text>
    </span>
  </xsl:template>

  <xsl:template match="gap" mode="m:text">
    <span class="gap" title="{normalize-space(string-join(('Omitted', @reason ! ('(' || . || ')'), @quantity, @unit, @extent), ' '))}">[…]</span>
  </xsl:template>

  <xsl:template match="unclear" mode="m:text">
    <span class="unclear" title="Unclear{@reason ! (' (' || . || ')')}"><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></span>
  </xsl:template>

  <!-- White space between the parts of a substitution, a choice or a variant (their content is
       elements only): the indentation of the TEI file, not a space of the text ("opera<subst>
       <del>e</del> <add>urum</add></subst>" reads "operaeurum", with the deletion struck, not
       "opera e urum"). -->
  <xsl:template match="text()[not(normalize-space())][parent::subst or parent::choice or parent::app or parent::rdgGrp]"
                mode="m:text" priority="2"/>

  <xsl:template match="del" mode="m:text">
    <del class="del"><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></del>
  </xsl:template>

  <xsl:template match="add" mode="m:text">
    <ins class="add"><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></ins>
  </xsl:template>

  <!-- ============================================================ critical apparatus
       Parallel segmentation (app/lem/rdg/rdgGrp/witDetail, listWit): the established text
       shows the lemma, every reading is in the page (hidden until a witness is chosen), a
       marker after the variant opens its apparatus entry; the apparatus list after the text
       links back. Sigla come from the listWit (abbr type="siglum", else @n, else the id).
       A location-referenced apparatus repeats the base text in its lemmas: there only the
       marker and the list entry are shown. -->

  <xsl:key name="fp:witness" match="tei:witness | tei:listWit" use="@xml:id"/>

  <xsl:accumulator name="fp:apps" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:TEI | tei:app" select="if (self::tei:TEI) then 0 else $value + 1"/>
  </xsl:accumulator>

  <!-- The number of an app in its document (1, 2, …). -->
  <xsl:function name="f:app-number" as="xs:integer">
    <xsl:param name="app" as="element(tei:app)"/>
    <xsl:sequence select="$app ! accumulator-before('fp:apps')"/>
  </xsl:function>

  <xsl:function name="f:location-referenced" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="exists(f:tei($node)/tei:teiHeader//tei:variantEncoding[@method = ('location-referenced', 'double-end-point')])
                          or exists($node/ancestor-or-self::tei:app[1][@loc or @from])"/>
  </xsl:function>

  <!-- The siglum of a witness (or group of witnesses) a pointer names. -->
  <xsl:function name="f:siglum" as="xs:string">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="context" as="node()"/>
    <xsl:variable name="id" select="replace($pointer, '^.*#', '')"/>
    <xsl:variable name="witness" select="key('fp:witness', $id, root($context))[1]"/>
    <xsl:sequence select="(normalize-space(string(($witness/tei:abbr[@type = 'siglum'], $witness/tei:head/tei:abbr[@type = 'siglum'])[1]))[. ne ''],
                           normalize-space($witness/@n)[. ne ''], $id)[1]"/>
  </xsl:function>

  <xsl:function name="f:sigla" as="xs:string">
    <xsl:param name="reading" as="element()"/>
    <xsl:sequence select="string-join(tokenize(normalize-space($reading/@wit), ' ') ! f:siglum(., $reading), ' ')"/>
  </xsl:function>

  <!-- The witness ids (without '#') a reading names, for the witness switch. -->
  <xsl:function name="f:wit-ids" as="xs:string">
    <xsl:param name="reading" as="element()"/>
    <xsl:sequence select="string-join(tokenize(normalize-space($reading/@wit), ' ') ! replace(., '^.*#', ''), ' ')"/>
  </xsl:function>

  <!-- The words of a reading, without nested readings, notes and details; of a correction
       (choice), the edited reading, as f:plain. -->
  <xsl:function name="f:reading-text" as="xs:string">
    <xsl:param name="reading" as="element()"/>
    <xsl:sequence select="if ($reading/tei:sp) then string-join($reading/tei:sp ! string-join((
                            normalize-space(tei:speaker)[. ne ''] ! (. || ':'), f:reading-text(.)), ' '), ' ')
                          else fp:reading-text($reading)"/>
  </xsl:function>
  <xsl:function name="fp:reading-text" as="xs:string">
    <xsl:param name="reading" as="element()"/>
    <xsl:sequence select="normalize-space(string-join($reading//text()[not(ancestor::*[self::tei:rdg or self::tei:rdgGrp
                          or self::tei:note or self::tei:witDetail or self::tei:speaker
                          or self::tei:*[self::tei:sic or self::tei:orig or self::tei:abbr][parent::tei:choice]][. >> $reading])], ''))"/>
  </xsl:function>

  <!-- A long lemma is cited by its first and last words. -->
  <xsl:function name="f:cite-lemma" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:variable name="words" select="tokenize($text, ' ')"/>
    <xsl:sequence select="if (count($words) le 8) then $text
                          else string-join(subsequence($words, 1, 3), ' ') || ' … ' || string-join(subsequence($words, count($words) - 2), ' ')"/>
  </xsl:function>

  <xsl:template match="app" mode="m:text">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="tag" select="if ($inline) then 'span' else 'div'"/>
    <xsl:variable name="id" select="f:html-id(.)"/>
    <xsl:variable name="n" select="f:app-number(.)"/>
    <xsl:element name="{$tag}" namespace="http://www.w3.org/1999/xhtml">
      <xsl:attribute name="class" select="'app' || (if ($inline) then '' else ' app-block') || (if (empty(lem) or f:location-referenced(.)) then ' app-nolem' else '')"/>
      <xsl:attribute name="id" select="$id"/>
      <xsl:if test="not(f:location-referenced(.))">
        <xsl:for-each select="lem | rdg | rdgGrp/rdg">
          <xsl:element name="{$tag}" namespace="http://www.w3.org/1999/xhtml">
            <xsl:attribute name="class" select="local-name() || (if (normalize-space(.) = '' and not(*)) then ' empty' else '')"/>
            <xsl:attribute name="data-wit" select="f:wit-ids(.)"/>
            <xsl:apply-templates mode="m:text"/>
          </xsl:element>
        </xsl:for-each>
      </xsl:if>
      <a class="app-ref" href="#crit-{$id}" id="appref-{$id}" data-app="{$id}"
         aria-label="Variant {$n}: the readings of the witnesses"><xsl:value-of select="$n"/></a>
    </xsl:element>
  </xsl:template>

  <!-- Readings met outside an app (rare), witness details and wit lists in the text: shown plain. -->
  <xsl:template match="lem | rdg" mode="m:text">
    <span class="{local-name()}"><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></span>
  </xsl:template>
  <xsl:template match="witDetail | app/wit | app/note" mode="m:text"/>
  <xsl:template match="witStart | witEnd | lacunaStart | lacunaEnd" mode="m:text"/>

  <!-- The witness switch: the established text, or any one witness's. -->
  <xsl:template name="t:witness-switch">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="witnesses" select="$tei/tei:teiHeader//tei:listWit//tei:witness[@xml:id]"/>
    <xsl:if test="exists($tei/tei:text//tei:app) and exists($witnesses) and not(f:location-referenced($tei))">
      <div class="witness-tools" hidden="hidden">
        <fieldset class="witness-switch">
          <legend>Witness</legend>
          <label><input type="radio" name="witness" value="" checked="checked"/> established text</label>
          <xsl:for-each select="$witnesses">
            <label title="{normalize-space(string-join(text() | tei:*[not(self::tei:abbr[@type = 'siglum'])], ''))}">
              <input type="radio" name="witness" value="{@xml:id}"/>
              <xsl:text> </xsl:text>
              <xsl:value-of select="f:siglum(@xml:id, .)"/>
              <xsl:if test="@ana = '#base-text'"> (base text)</xsl:if>
            </label>
          </xsl:for-each>
        </fieldset>
        <fieldset class="witness-compare">
          <legend>Side by side</legend>
          <xsl:for-each select="1, 2">
            <xsl:variable name="k" select="."/>
            <label><xsl:value-of select="if ($k = 1) then 'left' else 'right'"/>
              <xsl:text> </xsl:text>
              <select name="compare-{$k}">
                <xsl:for-each select="$witnesses">
                  <option value="{@xml:id}">
                    <xsl:if test="position() = $k"><xsl:attribute name="selected" select="'selected'"/></xsl:if>
                    <xsl:value-of select="f:siglum(@xml:id, .)"/>
                  </option>
                </xsl:for-each>
              </select>
            </label>
          </xsl:for-each>
          <button type="button" class="compare-open">Compare</button>
          <button type="button" class="compare-close" hidden="hidden">Close</button>
        </fieldset>
      </div>
      <div class="compare" hidden="hidden" aria-live="polite"/>
    </xsl:if>
  </xsl:template>

  <!-- The apparatus criticus: one entry per app, "lemma] sigla; reading sigla", linked both ways. -->
  <xsl:template name="t:apparatus-list">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="apps" select="$tei/tei:text//tei:app"/>
    <xsl:if test="exists($apps)">
      <section class="apparatus" aria-labelledby="apparatus-heading">
        <h2 id="apparatus-heading">Apparatus criticus</h2>
        <xsl:if test="exists($tei/tei:teiHeader//tei:listWit//tei:witness)">
          <dl class="witnesses">
            <xsl:for-each select="$tei/tei:teiHeader//tei:listWit//tei:witness">
              <dt><xsl:value-of select="f:siglum(string(@xml:id), .)"/></dt>
              <dd><xsl:value-of select="normalize-space(string-join(.//text()[not(ancestor::tei:abbr[@type = 'siglum'])], ''))
                                        ! replace(., '^[:\s]+', '')"/>
                <xsl:if test="@ana = '#base-text'"> (base text)</xsl:if></dd>
            </xsl:for-each>
          </dl>
        </xsl:if>
        <ol class="apparatus-list">
          <xsl:for-each select="$apps">
            <xsl:variable name="id" select="f:html-id(.)"/>
            <li id="crit-{$id}" value="{f:app-number(.)}">
              <xsl:call-template name="t:apparatus-entry"/>
              <xsl:text> </xsl:text>
              <a class="backref" href="#appref-{$id}" aria-label="Back to variant {f:app-number(.)} in the text">↩</a>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- One entry: the lemma and its witnesses, then each reading (omissions and additions named). -->
  <xsl:template name="t:apparatus-entry">
    <xsl:variable name="app" select="."/>
    <xsl:if test="lem">
      <span class="crit-lem"><xsl:value-of select="((lem ! f:cite-lemma(f:reading-text(.)))[. ne ''], '‸')[1]"/></span>
      <xsl:text>]</xsl:text>
    </xsl:if>
    <xsl:for-each select="lem[@wit]">
      <xsl:text> </xsl:text><span class="wit"><xsl:value-of select="f:sigla(.)"/></span>
    </xsl:for-each>
    <xsl:for-each select="rdg | rdgGrp/rdg">
      <xsl:choose><xsl:when test="position() gt 1 or ../lem[@wit] or ../../lem[@wit]"><xsl:text>; </xsl:text></xsl:when><xsl:when test="../lem or ../../lem"><xsl:text> </xsl:text></xsl:when></xsl:choose>
      <xsl:variable name="text" select="f:cite-lemma(f:reading-text(.))"/>
      <span class="crit-rdg">
        <xsl:choose>
          <xsl:when test="$text = '' and not(*)"><i class="omission">om.</i></xsl:when>
          <xsl:when test="$text = ''">
            <i><xsl:value-of select="string-join(distinct-values(*/local-name() ! (if (. = 'witStart') then 'the text begins'
                                     else if (. = 'witEnd') then 'the text ends' else if (. = 'lacunaStart') then 'a lacuna begins'
                                     else if (. = 'lacunaEnd') then 'the lacuna ends' else '(' || . || ')')), ', ')"/></i>
          </xsl:when>
          <xsl:when test="@type = 'addition' or ../lem[f:reading-text(.) = ''] or ../../lem[f:reading-text(.) = '']"><i>add.</i><xsl:text> </xsl:text><xsl:value-of select="$text"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
        </xsl:choose>
      </span>
      <xsl:text> </xsl:text><span class="wit"><xsl:value-of select="f:sigla(.)"/></span>
    </xsl:for-each>
    <xsl:for-each select="witDetail">
      <xsl:text> </xsl:text>
      <span class="wit-detail">(<span class="wit"><xsl:value-of select="f:sigla(.)"/></span>: <xsl:value-of select="normalize-space(.)"/>)</span>
    </xsl:for-each>
    <xsl:for-each select="note[normalize-space()]">
      <xsl:text> </xsl:text><span class="app-note"><xsl:value-of select="normalize-space(.)"/></span>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
