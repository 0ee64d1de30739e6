<?xml version="1.0" encoding="UTF-8"?>
<!-- The encoding guidelines page, generated from the project's ODD (given to the site
     transform as ed:site/ed:odd): the ODD's prose, then each element specification with its
     description, attributes, value lists and constraints. -->
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

  <xsl:template name="t:guidelines">
    <xsl:variable name="odd" select="/ed:site/ed:odd/TEI"/>
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
          </xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

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
            <li><xsl:value-of select="normalize-space(.)"/> <code class="test"><xsl:value-of select="' ' || @test"/></code></li>
          </xsl:for-each>
        </ul>
      </xsl:if>
    </div>
  </xsl:template>
</xsl:stylesheet>
