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

  <xsl:template match="del" mode="m:text">
    <del class="del"><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></del>
  </xsl:template>

  <xsl:template match="add" mode="m:text">
    <ins class="add"><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></ins>
  </xsl:template>

  <!-- A critical apparatus entry: the lemma in the text, the readings after it. -->
  <xsl:template match="app" mode="m:text">
    <span class="app">
      <xsl:apply-templates select="lem" mode="m:text"/>
      <xsl:if test="rdg">
        <span class="rdgs"> [<xsl:for-each select="rdg">
            <xsl:if test="position() gt 1">; </xsl:if>
            <span class="rdg"><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates><xsl:if test="@wit"> <span class="wit"><xsl:value-of select="' ' || @wit"/></span></xsl:if></span>
          </xsl:for-each>]</span>
      </xsl:if>
    </span>
  </xsl:template>

  <xsl:template match="lem" mode="m:text">
    <span class="lem"><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></span>
  </xsl:template>
</xsl:stylesheet>
