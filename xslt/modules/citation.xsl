<?xml version="1.0" encoding="UTF-8"?>
<!-- The citation record of a document: one CSL-JSON item (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html),
     the single source of every citation of the edition. edition/publish/citation.py renders the citation
     shown on the page and in the PDF from it (citeproc-py, Chicago style) and writes the BibTeX,
     RIS and CSL-JSON files from it; a DOI of the document goes into its DOI field (from
     publicationStmt/idno[@type='DOI']), and so into all of them. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:array="http://www.w3.org/2005/xpath-functions/array"
    xmlns:f="urn:edition:functions"
    xmlns:fp="urn:edition:functions:private"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- An ISO date as CSL date parts: '1958-10-02' gives [[1958, 10, 2]]. -->
  <xsl:function name="fp:csl-date" as="map(*)?">
    <xsl:param name="iso" as="xs:string?"/>
    <xsl:variable name="parts" select="tokenize(replace(string($iso), '^(\d{4}(-\d{2}(-\d{2})?)?).*$', '$1'), '-')[. castable as xs:integer]"/>
    <xsl:sequence select="if (matches(string($iso), '^\d{4}')) then map{'date-parts': [array{$parts ! xs:integer(.)}]} else ()"/>
  </xsl:function>

  <!-- A name as CSL wants it: family and given names. The parts come from surname/forename when the
       TEI has them, else from the register entry's sort key ("Rogov,_Vl." is family "Rogov", given
       "Vl."; "Mao_Zedong" without a comma is family name first), else the last word is the family
       name. An organisation, or a one-word name, is a literal. -->
  <xsl:function name="f:csl-name" as="map(*)?">
    <xsl:param name="name" as="element()?"/>
    <xsl:variable name="text" select="normalize-space(string-join($name//text()[not(ancestor::note)], ''))"/>
    <xsl:variable name="entry" select="$name ! f:entry(.)"/>
    <xsl:variable name="key" select="normalize-space(translate(string($entry/@sortKey), '_', ' '))"/>
    <xsl:variable name="words" select="tokenize($text, ' ')"/>
    <xsl:sequence select="
      if ($text eq '') then ()
      else if (not($name/self::persName or $name/self::editor[not(orgName | name)])) then map{'literal': $text}
      else if ($name/surname) then map:merge((map{'family': normalize-space(string-join($name/surname, ' '))},
             $name/forename[1] ! map{'given': normalize-space(string-join($name/forename, ' '))}))
      else if ($entry/self::person and contains($key, ', ') and replace($key, '^([^,]+), (.+)$', '$2 $1') eq $text)
        then map{'family': substring-before($key, ', '), 'given': substring-after($key, ', ')}
      else if ($entry/self::person and $key eq $text and count($words) gt 1)
        then map{'family': $words[1], 'given': string-join($words[position() gt 1], ' ')}
      else if (count($words) gt 1)
        then map{'family': $words[last()], 'given': string-join($words[position() lt last()], ' ')}
      else map{'literal': $text}"/>
  </xsl:function>

  <!-- The people of a respStmt (by its xml:id) or the editors of the titleStmt: persons and
       organisations only, not a generic name ("translator not named in the source"). -->
  <xsl:function name="fp:csl-names" as="array(*)?">
    <xsl:param name="names" as="element()*"/>
    <xsl:variable name="items" select="$names ! f:csl-name(.)"/>
    <xsl:sequence select="if (exists($items)) then array{$items} else ()"/>
  </xsl:function>

  <!-- The shelfmark without the archive: 'f. 9576, op. 18, 1958, d. 26, l. 312-322'. -->
  <xsl:function name="f:shelfmark" as="xs:string?">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="ms" select="$tei/teiHeader/fileDesc/sourceDesc/msDesc[1]/msIdentifier"/>
    <xsl:sequence select="(normalize-space($ms//idno[@type = 'citation'][1])[. ne ''],
        normalize-space(string-join($ms/idno[not(@type = 'citation')] ! (@type ! (. || ' ') || normalize-space(.)), ', '))[. ne ''])[1]"/>
  </xsl:function>

  <!-- The edition's date (publicationStmt/date), ISO. -->
  <xsl:function name="f:edition-iso-date" as="xs:string?">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="date" select="$tei/teiHeader/fileDesc/publicationStmt/date[1]"/>
    <xsl:sequence select="($date/@when, $date/@from, normalize-space($date))[matches(., '^\d{4}')][1]
                          ! replace(., '^(\d{4}(-\d{2}(-\d{2})?)?).*$', '$1')"/>
  </xsl:function>

  <!-- The DOI of the document: f:doi in document.xsl (publicationStmt/idno[@type='DOI']). -->

  <xsl:function name="f:csl-record" as="map(*)">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="title-stmt" select="$tei/teiHeader/fileDesc/titleStmt"/>
    <xsl:variable name="pub" select="$tei/teiHeader/fileDesc/publicationStmt"/>
    <xsl:variable name="ms" select="$tei/teiHeader/fileDesc/sourceDesc/msDesc[1]/msIdentifier"/>
    <!-- the editors named in titleStmt/editor (the project's [[editor]] entries), else those of the respStmt
         of the editors: never both, which name the same people -->
    <xsl:variable name="editors" select="($title-stmt/editor/(persName, .)[1],
        $title-stmt/respStmt[@xml:id = 'editor' or (some $r in resp satisfies matches($r, '(^|\W)edit', 'i'))]/persName[empty($title-stmt/editor)])"/>
    <xsl:sequence select="map:merge((
        map{'id': f:doc-id($tei), 'type': 'manuscript', 'title': f:doc-title($tei)},
        fp:csl-names($title-stmt/respStmt[@xml:id = 'recorder']/(persName, orgName)[1]) ! map{'author': .},
        fp:csl-names($title-stmt/respStmt[@xml:id = 'translator']/(persName, orgName)[1]) ! map{'translator': .},
        fp:csl-names($editors[self::persName or self::editor]) ! map{'editor': .},
        fp:csl-date(f:doc-iso-date($tei)) ! map{'issued': .},
        fp:csl-date(f:edition-iso-date($tei)) ! map{'available-date': .},
        map{'container-title': $site-title},
        normalize-space($pub/publisher[1])[. ne ''] ! map{'publisher': .},
        normalize-space($ms/repository[1])[. ne ''] ! map{'archive': .},
        normalize-space(($ms/settlement, $ms/country)[1])[. ne ''] ! map{'archive-place': .},
        f:shelfmark($tei) ! map{'archive_location': .},
        f:doi($tei) ! map{'DOI': .},
        f:doc-url($tei) ! map{'URL': .},
        map{'language': string(($tei/@xml:lang, 'en')[1])}))"/>
  </xsl:function>
</xsl:stylesheet>
