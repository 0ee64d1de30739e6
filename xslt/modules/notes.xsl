<?xml version="1.0" encoding="UTF-8"?>
<!-- Notes: inline glosses in brackets; other notes as numbered references with a list of
     notes that links back to the text. Shared by the screen and print outputs. -->
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

  <!-- Who is responsible, for tooltips: '#translator' gives 'the translator, Austin Jersild'. -->
  <xsl:function name="f:resp-label" as="xs:string?">
    <xsl:param name="resp" as="attribute()?"/>
    <xsl:variable name="tei" select="$resp ! f:tei(.)"/>
    <xsl:variable name="labels" as="xs:string*">
      <xsl:for-each select="f:pointer-ids($resp)">
        <xsl:variable name="stmt" select="key('f:xml-id', ., $tei)[1]"/>
        <xsl:variable name="who" select="normalize-space(($stmt/(persName, name, orgName), $stmt/self::*[self::person or self::org]/(persName, orgName))[1])"/>
        <xsl:sequence select="if ($stmt/self::respStmt and $who ne '') then 'the ' || . || ', ' || $who
                              else if ($who ne '') then $who else 'the ' || ."/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:sequence select="string-join($labels, ' and ')[. ne '']"/>
  </xsl:function>

  <!-- Notes read where they stand, not numbered: glosses (place="inline"), narrative notes of
       spoken texts, and notes outside the text (in a catalogue entry, a letter's header). -->
  <xsl:function name="f:is-inline-note" as="xs:boolean">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="$note/@place = 'inline' or f:is-narrative-note($note) or empty($note/ancestor::text)"/>
  </xsl:function>

  <!-- The transcriber's account of what happens in a spoken text (type="narrative", or a note
       among or inside utterances). -->
  <xsl:function name="f:is-narrative-note" as="xs:boolean">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="$note/@type = 'narrative' or exists($note/ancestor::u)
                          or (exists($note/../u) and not($note/@place = ('foot', 'end', 'bottom', 'margin')))"/>
  </xsl:function>

  <!-- An explanation in the text itself: in brackets, with who supplied it. -->
  <xsl:template match="note[f:is-inline-note(.)]" mode="m:text">
    <xsl:variable name="who" select="f:resp-label(@resp)"/>
    <span class="gloss-note">
      <xsl:if test="exists($who)"><xsl:attribute name="title" select="'Explanation added by ' || $who"/></xsl:if>
      <xsl:text>[</xsl:text>
      <xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
      <xsl:text>]</xsl:text>
    </span>
  </xsl:template>

  <!-- A note reference in the text, linking to the note. -->
  <xsl:template match="note" mode="m:text">
    <xsl:variable name="id" select="f:html-id(.)"/>
    <xsl:variable name="n" select="f:note-number(.)"/>
    <sup class="noteref"><a id="noteref-{$id}" href="#{$id}" role="doc-noteref" aria-label="Note {$n}"><xsl:value-of select="$n"/></a></sup>
  </xsl:template>

  <!-- The list of notes of a document, each with a link back to its place in the text. -->
  <xsl:template name="t:notes">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="notes" select="$tei/text//note[not(f:is-inline-note(.))]"/>
    <xsl:if test="exists($notes)">
      <section class="notes" aria-labelledby="notes-heading" role="doc-endnotes">
        <h2 id="notes-heading">Notes</h2>
        <ol class="notes">
          <xsl:for-each select="$notes">
            <xsl:variable name="id" select="f:html-id(.)"/>
            <xsl:variable name="n" select="f:note-number(.)"/>
            <li id="{$id}" class="note{@type ! (' type-' || f:token(.))}">
              <xsl:apply-templates select="." mode="m:attributes"/>
              <span class="note-number"><xsl:value-of select="$n"/>.</span>
              <xsl:text> </xsl:text>
              <div class="note-body">
                <xsl:apply-templates mode="m:text"/>
                <xsl:for-each select="f:resp-label(@resp)">
                  <span class="note-resp"> (Note by <xsl:value-of select="."/>.)</span>
                </xsl:for-each>
              </div>
              <xsl:text> </xsl:text>
              <a class="backref" href="#noteref-{$id}" role="doc-backlink" aria-label="Back to the text at note {$n}">↩</a>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
