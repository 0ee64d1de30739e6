<?xml version="1.0" encoding="UTF-8"?>
<!-- The HTML page shell: head (meta, styles), banner with navigation and search, main,
     footer, script. Every page of the site goes through t:page. -->
<xsl:stylesheet version="3.0"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:f="urn:edition:functions"
    xmlns:m="urn:edition:modes"
    xmlns:t="urn:edition:templates"
    exclude-result-prefixes="#all">

  <!-- The navigation: (file, label) in order. -->
  <xsl:variable name="t:nav" as="map(xs:string, xs:string)*" select="(
      map{'href': 'index.html', 'label': 'Home'},
      map{'href': 'persons.html', 'label': 'Persons'},
      map{'href': 'places.html', 'label': 'Places'},
      map{'href': 'organisations.html', 'label': 'Organisations'},
      map{'href': 'guidelines.html', 'label': 'Encoding guidelines'},
      map{'href': 'about.html', 'label': 'About'},
      map{'href': 'search.html', 'label': 'Search'})"/>

  <xsl:template name="t:page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="root" as="xs:string"/>
    <xsl:param name="current" as="xs:string" select="''"/>
    <xsl:param name="lang" as="xs:string" select="'en'"/>
    <xsl:param name="meta" as="node()*" select="()"/>
    <xsl:param name="body-class" as="xs:string" select="'page'"/>
    <xsl:param name="content" as="node()*"/>
    <html lang="{$lang}" class="no-js" data-reading="{$default-reading}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="if ($title eq $site-title) then $title else $title || ' · ' || $site-title"/></title>
        <link rel="icon" href="{$root}assets/favicon.svg" type="image/svg+xml"/>
        <link rel="stylesheet" href="{$root}assets/edition.css"/>
        <link rel="stylesheet" href="{$root}assets/genres.css"/>
        <link rel="stylesheet" href="{$root}assets/apparatus.css"/>
        <script src="{$root}assets/popover.js"></script>
        <xsl:sequence select="$meta"/>
      </head>
      <body class="{$body-class}">
        <a class="skip-link" href="#main">Skip to the content</a>
        <header class="site-header">
          <p class="site-title"><a href="{$root}index.html"><xsl:value-of select="$site-title"/></a></p>
          <nav class="site-nav" aria-label="Edition">
            <ul>
              <xsl:for-each select="$t:nav">
                <li>
                  <a href="{$root}{?href}">
                    <xsl:if test="?href eq $current"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
                    <xsl:value-of select="?label"/>
                  </a>
                </li>
              </xsl:for-each>
            </ul>
          </nav>
          <form class="site-search" role="search" action="{$root}search.html" method="get">
            <label for="site-search-q" class="visually-hidden">Search the edition</label>
            <input id="site-search-q" type="search" name="q" placeholder="Search the edition"/>
            <button type="submit">Search</button>
          </form>
        </header>
        <main id="main" tabindex="-1">
          <xsl:sequence select="$content"/>
        </main>
        <footer class="site-footer">
          <p><xsl:value-of select="$site-title"/>. Built from TEI P5 with XSLT 3.0; the TEI files are part of the edition.</p>
        </footer>
        <script src="{$root}assets/edition.js"></script>
        <script src="{$root}assets/apparatus.js"></script>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
