<?xml version="1.0" encoding="UTF-8"?>
<!-- The order of the indexes (HTML index pages, the print edition's index of names): each entry by
     its sort key ("Hitler, Adolf", "Levant, The"), compared with the Unicode Collation Algorithm;
     the A–Z bar over an index page. -->
<xsl:stylesheet version="3.0"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:f="urn:edition:functions"
    xmlns:fp="urn:edition:functions:private"
    xmlns:t="urn:edition:templates"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- Unicode collation, accents second ("Ábalos" beside "Abel", not after "Z"). -->
  <xsl:variable name="f:collation" as="xs:string"
                select="'http://www.w3.org/2013/collation/UCA?lang=en;strength=secondary'"/>

  <!-- The key an entry sorts by: its @sortKey (edition/editorial/register.py writes one for every register
       entry, white space as '_'), else one derived as register.py derives it: persons surname first
       (the last word), other entries without a leading article. -->
  <xsl:function name="f:sort-key" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="name" select="f:entry-name($entry)"/>
    <xsl:variable name="words" select="tokenize($name, '\s+')[. ne '']"/>
    <xsl:sequence select="
      if (normalize-space($entry/@sortKey) ne '') then normalize-space(translate($entry/@sortKey, '_', ' '))
      else if ($entry/self::person and count($words) gt 1 and not($entry/persName[1]/surname)
               and not(fp:family-name-first($entry, $words)))
        then $words[last()] || ', ' || string-join($words[position() lt last()], ' ')
      else if ($entry/self::person and $entry/persName[1]/surname)
        then normalize-space(string-join(($entry/persName[1]/surname, $entry/persName[1]/forename), ', '))
      else if (count($words) gt 1 and lower-case($words[1]) = ('the', 'a', 'an'))
        then string-join($words[position() gt 1], ' ') || ', ' || $words[1]
      else $name"/>
  </xsl:function>

  <!-- A name written family name first, as register.py tells it: its first word is also a name of
       the entry on its own ("Mao Zedong", variant "Mao"), or its given name is a romanised
       two-syllable one ("Chiang Kai-shek"). -->
  <xsl:function name="fp:family-name-first" as="xs:boolean">
    <xsl:param name="entry" as="element()"/>
    <xsl:param name="words" as="xs:string*"/>
    <xsl:variable name="singles" select="$entry/persName ! normalize-space(.)[not(contains(., ' '))]"/>
    <xsl:sequence select="($words[1] = $singles and not($words[last()] = $singles))
                          or (count($words) eq 2 and matches($words[2], '^[A-Z][a-z]+-[a-z]+$'))"/>
  </xsl:function>

  <!-- The name an index shows: a person under the sort key when it inverts the name
       ("Hitler, Adolf"), everything else under its name ("The Levant", filed under L). -->
  <xsl:function name="f:index-name" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="key" select="f:sort-key($entry)"/>
    <xsl:sequence select="if ($entry/self::person and contains($key, ', ')) then $key else f:entry-name($entry)"/>
  </xsl:function>

  <!-- The letter an entry is filed under: the first letter of its key without accents ("Ž" under Z);
       '#' for a key that opens with no letter. -->
  <xsl:function name="f:index-letter" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="first" select="substring(replace(normalize-unicode(f:sort-key($entry), 'NFD'), '[^\p{L}]', ''), 1, 1)"/>
    <xsl:sequence select="if ($first ne '') then upper-case($first) else '#'"/>
  </xsl:function>

  <!-- The A–Z bar: a link to each letter the index has, the others shown but not links. ``pages``
       (ed:letter name= href=): each letter on a page of its own (an index split by letter), ``current``
       the letter of this page. -->
  <xsl:template name="t:az-bar">
    <xsl:param name="letters" as="xs:string*"/>
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="pages" as="element()*" select="()"/>
    <xsl:param name="current" as="xs:string?" select="()"/>
    <nav class="az-bar" aria-label="{$label}">
      <ul>
        <xsl:for-each select="distinct-values((for $c in string-to-codepoints('ABCDEFGHIJKLMNOPQRSTUVWXYZ') return codepoints-to-string($c), $letters))">
          <xsl:variable name="letter" select="."/>
          <li>
            <xsl:choose>
              <xsl:when test=". = $letters and exists($pages)">
                <a href="{$pages[@name eq $letter]/@href}">
                  <xsl:if test=". eq $current"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
                  <xsl:value-of select="."/>
                </a>
              </xsl:when>
              <xsl:when test=". = $letters"><a href="#letter-{f:letter-id(.)}"><xsl:value-of select="."/></a></xsl:when>
              <xsl:otherwise><span class="az-empty" aria-hidden="true"><xsl:value-of select="."/></span></xsl:otherwise>
            </xsl:choose>
          </li>
        </xsl:for-each>
      </ul>
    </nav>
  </xsl:template>

  <xsl:function name="f:letter-id" as="xs:string">
    <xsl:param name="letter" as="xs:string"/>
    <xsl:sequence select="if (matches($letter, '^[A-Za-z]$')) then $letter else 'u' || string-to-codepoints($letter)[1]"/>
  </xsl:function>
</xsl:stylesheet>
