<?xml version="1.0" encoding="UTF-8"?>
<!-- Search: the search page and its data (assets/search-index.js). The page's script
     (assets/edition.js) indexes the passages with MiniSearch (assets/vendor/minisearch.min.js,
     MIT) when the page loads: ranked (BM25), whole words, prefixes ("imperial*"), phrases in
     quotation marks, filters by document, speaker and date. The data is a script, not a fetch, so
     search works from file:// as from any host.

     The data is compact: documents and speakers once each, passages as arrays that point to them:
       {"docs": [[id, title, iso-date, url, date as read], ...], "speakers": [name, ...],
        "passages": [[doc, anchor, label, speaker (-1: none), text], ...]}

     Each document's passages are in its digest (t:search-passages, ed:passage); the listing pass
     writes the docs and speakers from the digests, and edition/publish/html/listing.py then adds the passages
     of every document, one digest at a time, in the same JSON. Above a number of documents the passages
     are in parts, a script for each run of documents (assets/search-index-N.js), which the search page
     loads after the head:
       head: {"docs": [...], "speakers": [...], "parts": [[script, number of its first document], ...], "passages": []}
       part: (window.EDITION_SEARCH_PARTS = window.EDITION_SEARCH_PARTS || []).push({"part": N,
              "speakers": [name, ...], "passages": [[doc, anchor, label, speaker, text], ...]})
     where a part's doc counts from its first document and its speaker is in its own list. -->
<xsl:stylesheet version="3.0"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:site"
    xmlns:fn="http://www.w3.org/2005/xpath-functions"
    xmlns:f="urn:edition:functions"
    xmlns:fp="urn:edition:functions:private"
    xmlns:t="urn:edition:templates"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:template name="t:search-page">
    <xsl:variable name="docs" select="/ed:listing/ed:digest"/>
    <xsl:call-template name="t:page">
      <xsl:with-param name="title" select="'Search'"/>
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="current" select="'search.html'"/>
      <xsl:with-param name="body-class" select="'page page-search'"/>
      <xsl:with-param name="content">
        <h1>Search</h1>
        <form class="search-form" id="search-form" action="search.html" method="get" role="search">
          <p class="search-line">
            <label for="search-q">Words to find</label>
            <input id="search-q" type="search" name="q" autocomplete="off" aria-describedby="search-help"/>
            <button type="submit">Search</button>
          </p>
          <p class="search-help" id="search-help">Whole words, all of them; <kbd>imperial*</kbd> for words
            that begin so; <kbd>"paper tiger"</kbd> for a phrase. Best matches first.</p>
          <fieldset class="search-filters">
            <legend>Only in</legend>
            <p>
              <label for="search-doc">Document</label>
              <select id="search-doc" name="doc">
                <option value="">All documents</option>
                <xsl:for-each select="$docs">
                  <xsl:sort select="(ed:date/@iso/string(), '9999')[1]"/>
                  <xsl:sort select="string(@id)"/>
                  <option value="{@id}"><xsl:value-of select="ed:title"/></option>
                </xsl:for-each>
              </select>
            </p>
            <p>
              <label for="search-who">Speaker</label>
              <select id="search-who" name="who">
                <option value="">Anyone</option>
                <xsl:for-each select="fp:speakers($docs)">
                  <option value="{.}"><xsl:value-of select="."/></option>
                </xsl:for-each>
              </select>
            </p>
            <p>
              <label for="search-from">Dated from</label>
              <input id="search-from" name="from" type="text" inputmode="numeric" size="10" placeholder="YYYY-MM-DD"
                     pattern="\d{{4}}(-\d{{2}}(-\d{{2}})?)?"/>
              <label for="search-to">to</label>
              <input id="search-to" name="to" type="text" inputmode="numeric" size="10" placeholder="YYYY-MM-DD"
                     pattern="\d{{4}}(-\d{{2}}(-\d{{2}})?)?"/>
            </p>
          </fieldset>
        </form>
        <p class="search-status" id="search-status" role="status" aria-live="polite">
          <noscript>Search needs JavaScript. The indexes of persons, places and organisations work without it.</noscript>
        </p>
        <ol class="search-results" id="search-results"></ol>
        <script src="assets/vendor/minisearch.min.js"></script>
        <script src="assets/search-index.js"></script>
        <script src="assets/search.js"></script>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- Everyone who speaks in the documents (their digests), in collation order. -->
  <xsl:function name="fp:speakers" as="xs:string*">
    <xsl:param name="docs" as="element(ed:digest)*"/>
    <xsl:for-each select="distinct-values($docs/ed:speaker)">
      <xsl:sort select="." collation="{$f:collation}"/>
      <xsl:sequence select="."/>
    </xsl:for-each>
  </xsl:function>

  <!-- The passages a hit can be: paragraphs, list items, headings, verse lines, stage
       directions, notes. -->
  <xsl:function name="fp:passages" as="element()*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="$tei/text//(p[not(ancestor::p or ancestor::note)] | item[not(ancestor::p or ancestor::note)]
        | head[not(ancestor::note)] | l | stage[fp:is-block-stage(.)] | note[not(f:is-inline-note(.))])"/>
  </xsl:function>

  <!-- How a hit names its place: '¶ 12', 'note 3', 'heading', 'stage direction'. -->
  <xsl:function name="f:passage-label" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="id" select="f:html-id($e)"/>
    <xsl:variable name="label" select="f:anchor-label($id)"/>
    <xsl:sequence select="
      if ($label ne $id) then $label
      else if ($e/self::note) then 'note ' || f:note-number($e)
      else if ($e/self::head) then 'heading'
      else if ($e/self::stage) then 'stage direction'
      else if ($e/self::l) then 'line'
      else if ($e/self::item) then 'list item'
      else 'paragraph'"/>
  </xsl:function>

  <!-- The search index without its passages (edition/publish/html/listing.py adds them): documents and
       speakers; for a corpus whose passages are in parts (``parts``, ed:part href= first=), each part's
       script and the number of its first document (assets/search.js loads them). -->
  <xsl:function name="f:search-index" as="element(fn:map)">
    <xsl:param name="docs" as="element(ed:digest)*"/>
    <xsl:param name="parts" as="element(ed:part)*"/>
    <fn:map>
      <fn:array key="docs">
        <xsl:for-each select="$docs">
          <fn:array>
            <fn:string><xsl:value-of select="@id"/></fn:string>
            <fn:string><xsl:value-of select="ed:title"/></fn:string>
            <fn:string><xsl:value-of select="ed:date/@iso"/></fn:string>
            <fn:string>documents/<xsl:value-of select="@id"/>.html</fn:string>
            <fn:string><xsl:value-of select="ed:date"/></fn:string>
          </fn:array>
        </xsl:for-each>
      </fn:array>
      <fn:array key="speakers">
        <xsl:for-each select="fp:speakers($docs)"><fn:string><xsl:value-of select="."/></fn:string></xsl:for-each>
      </fn:array>
      <xsl:if test="exists($parts)">
        <fn:array key="parts">
          <xsl:for-each select="$parts">
            <fn:array><fn:string><xsl:value-of select="@href"/></fn:string><fn:number><xsl:value-of select="@first"/></fn:number></fn:array>
          </xsl:for-each>
        </fn:array>
      </xsl:if>
      <fn:array key="passages"/>
    </fn:map>
  </xsl:function>

  <!-- A document's passages for its digest (the context is its TEI element): each with its anchor,
       its label, its speaker and its text as a reader reads it. -->
  <xsl:template name="t:search-passages">
    <xsl:for-each select="fp:passages(.)">
      <xsl:variable name="text" select="f:plain(.)"/>
      <xsl:if test="$text ne ''">
        <xsl:variable name="who" select="if (self::note) then () else ancestor::sp[1] ! f:speaker-name(.)"/>
        <ed:passage anchor="{f:html-id(.)}" label="{f:passage-label(.)}">
          <xsl:for-each select="$who"><xsl:attribute name="who" select="."/></xsl:for-each>
          <xsl:value-of select="$text"/>
        </ed:passage>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
