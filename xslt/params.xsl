<?xml version="1.0" encoding="UTF-8"?>
<!-- Every parameter of the stylesheets, typed. html.xsl imports this module, so a
     customisation (or print.xsl) overrides a parameter by declaring it again. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    exclude-result-prefixes="#all">

  <!-- What the output is for: 'screen' (the web edition) or 'print' (the paged edition). -->
  <xsl:param name="output-media" as="xs:string" select="'screen'"/>

  <!-- The edition's title, shown in every page's banner and on the home page. -->
  <xsl:param name="site-title" as="xs:string" select="'Edition'"/>

  <!-- The project's introduction for the home page (introduction in edition.toml): plain text,
       paragraphs separated by blank lines. Empty: the home page lists the documents only. -->
  <xsl:param name="introduction" as="xs:string" select="''"/>

  <!-- Absolute URL of the site root (ending in '/'), used in citations and meta tags.
       Empty: citations carry no URL, links stay relative. -->
  <xsl:param name="base-url" as="xs:string" select="''"/>

  <!-- For a single-document transform: the document's identifier (default: TEI/@xml:id). -->
  <xsl:param name="document-id" as="xs:string" select="''"/>

  <!-- For a single-document transform: links to the downloads, relative to the page; empty = not offered. -->
  <xsl:param name="tei-href" as="xs:string" select="''"/>
  <xsl:param name="pdf-href" as="xs:string" select="''"/>
  <xsl:param name="package-href" as="xs:string" select="''"/>

  <!-- The document's citation as rendered from its CSL-JSON record (edition/publish/citation.py); empty: the
       stylesheet writes a plain one. In a site, each ed:document carries its own (ed:citation). -->
  <xsl:param name="citation-text" as="xs:string" select="''"/>

  <!-- For a single-document transform: the path from the page to the site root. -->
  <xsl:param name="root-href" as="xs:string" select="'../'"/>

  <!-- The reading shown before the reader chooses: 'edited' (corr, reg) or 'received' (sic, orig). -->
  <xsl:param name="default-reading" as="xs:string" select="'edited'"/>

  <!-- Draw the figures panel (measures and words per speaker). -->
  <xsl:param name="show-figures" as="xs:boolean" select="true()"/>

  <!-- Report each element without a dedicated template with xsl:message
       ("edition:unhandled|document|element|path"); edition/publish/html/site.py and edition/publish/print/pdf.py turn
       these into warnings and the render report. -->
  <xsl:param name="report-unhandled" as="xs:boolean" select="true()"/>
</xsl:stylesheet>
