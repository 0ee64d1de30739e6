<?xml version="1.0" encoding="UTF-8"?>
<!-- Functions shared by every output: identifiers, pointers, register look-ups, safe URLs,
     titles and dates of a document. No output markup here. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:site"
    xmlns:f="urn:edition:functions"
    xmlns:fp="urn:edition:functions:private"
    exclude-result-prefixes="#all">

  <!-- Register entries (persons, places, organisations) by xml:id. -->
  <xsl:key name="f:entry" match="tei:person | tei:personGrp | tei:place | tei:org" use="string(@xml:id)"/>
  <!-- Any element by xml:id (targets of ref and ptr). -->
  <xsl:key name="f:xml-id" match="*[@xml:id]" use="string(@xml:id)"/>

  <!-- A URL that may go into href or src: http(s) or relative, never javascript:, data: or
       any other scheme. Browsers drop tabs and newlines inside URLs, so they are removed
       before the scheme is read; in http(s) URLs they read a backslash as a slash, so '\\host'
       and '/\host' are links to another host like '//host' and are refused with it. A colon
       (also as %3A) before the first '/', '?' or '#' is read as a scheme and refused. Returns the
       empty sequence for anything else. -->
  <xsl:function name="f:safe-url" as="xs:string?">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="clean" select="replace(string($url), '[\s\p{Cc}]+', '')"/>
    <xsl:variable name="read" select="translate($clean, '\', '/')"/>
    <xsl:sequence select="
      if ($clean eq '') then ()
      else if (matches($read, '^https?://[^/]', 'i')) then $clean
      else if (matches($read, '^[^/?#]*(:|%3a)', 'i')) then ()
      else if (starts-with($read, '//')) then ()
      else $clean"/>
  </xsl:function>

  <!-- One reading of booleans given as text in TEI attributes. -->
  <xsl:function name="f:is-true" as="xs:boolean">
    <xsl:param name="value" as="item()?"/>
    <xsl:sequence select="lower-case(normalize-space(string($value))) = ('true', 'yes', '1')"/>
  </xsl:function>

  <!-- A token safe to use in a class attribute. -->
  <xsl:function name="f:token" as="xs:string">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="replace(lower-case(normalize-space(string($value))), '[^a-z0-9\-]+', '-')"/>
  </xsl:function>

  <!-- Elements counted by name in document order, from the start of each TEI document, in
       one pass (an accumulator), so that positional ids cost nothing per element. -->
  <xsl:accumulator name="fp:positions" as="map(xs:string, xs:integer)" initial-value="map{}">
    <xsl:accumulator-rule match="tei:*" select="if (self::tei:TEI) then map{'TEI': 1}
        else map:put($value, local-name(), ($value(local-name()), 0)[1] + 1)"
        xmlns:map="http://www.w3.org/2005/xpath-functions/map"/>
  </xsl:accumulator>

  <!-- Notes that get a number (all but inline glosses), counted per document. -->
  <xsl:accumulator name="fp:notes" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:TEI | tei:note" select="if (self::tei:TEI) then 0
        else if (not(f:is-inline-note(.))) then $value + 1 else $value"/>
  </xsl:accumulator>

  <!-- The HTML id of an element: its xml:id, else one derived from its name and position,
       so that two transforms of one document give the same ids (generate-id() does not). -->
  <xsl:function name="f:id" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
      if ($e/@xml:id) then string($e/@xml:id)
      else concat('h-', local-name($e), '-', $e ! accumulator-before('fp:positions')(local-name($e)))"/>
  </xsl:function>

  <!-- The TEI document a node belongs to. -->
  <xsl:function name="f:tei" as="element(tei:TEI)?">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="$node/ancestor-or-self::tei:TEI[1]"/>
  </xsl:function>

  <!-- The identifiers a pointer attribute names: '#mao-zedong' gives 'mao-zedong'. -->
  <xsl:function name="f:pointer-ids" as="xs:string*">
    <xsl:param name="pointers" as="attribute()*"/>
    <xsl:sequence select="for $t in $pointers ! tokenize(normalize-space(.), ' ')
                          return if (starts-with($t, '#')) then substring($t, 2) else ()"/>
  </xsl:function>

  <!-- The register entry a name points to (through @ref, @key-less @corresp), if there is one. -->
  <xsl:function name="f:entry" as="element()?">
    <xsl:param name="name" as="element()"/>
    <xsl:variable name="tei" select="f:tei($name)"/>
    <xsl:sequence select="(for $id in f:pointer-ids(($name/@ref, $name/@corresp))
                           return key('f:entry', $id, $tei))[1]"/>
  </xsl:function>

  <!-- The kind of register an entry belongs to: persons, places or organisations. -->
  <xsl:function name="f:entry-kind" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="if ($entry/self::tei:place) then 'places'
                          else if ($entry/self::tei:org) then 'organisations' else 'persons'"/>
  </xsl:function>

  <!-- An entry's display name. -->
  <xsl:function name="f:entry-name" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="names" select="$entry/(tei:persName, tei:placeName, tei:orgName, tei:name, tei:label)"/>
    <xsl:sequence select="(normalize-space(string(($names[@type = ('main', 'preferred')], $names)[1]))[. ne ''], string($entry/@xml:id))[1]"/>
  </xsl:function>

  <!-- An entry's description: its note, desc, occupation or the like, as plain text. -->
  <xsl:function name="f:entry-description" as="xs:string?">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="($entry/(tei:note, tei:desc, tei:occupation, tei:roleName, tei:state, tei:location/tei:geo)
                          ! normalize-space(.))[. ne ''][1]"/>
  </xsl:function>

  <!-- Authority links of an entry as (label, url) pairs in a sequence of maps. -->
  <xsl:function name="f:authority-links" as="map(xs:string, xs:string)*">
    <xsl:param name="entry" as="element()"/>
    <xsl:for-each select="$entry/tei:idno">
      <xsl:variable name="type" select="lower-case(normalize-space(@type))"/>
      <xsl:variable name="value" select="normalize-space(.)"/>
      <xsl:variable name="url" as="xs:string?" select="
        if (matches($value, '^https?://', 'i')) then f:safe-url($value)
        else if ($type eq 'wikidata' and matches($value, '^Q[0-9]+$')) then 'https://www.wikidata.org/wiki/' || $value
        else if ($type eq 'viaf' and matches($value, '^[0-9]+$')) then 'https://viaf.org/viaf/' || $value
        else if ($type eq 'geonames' and matches($value, '^[0-9]+$')) then 'https://www.geonames.org/' || $value
        else if ($type eq 'gnd' and matches($value, '^[0-9X\-]+$')) then 'https://d-nb.info/gnd/' || $value
        else ()"/>
      <xsl:variable name="label" select="
        if (contains($url, 'wikidata.org')) then 'Wikidata'
        else if (contains($url, 'viaf.org')) then 'VIAF'
        else if (contains($url, 'geonames.org')) then 'GeoNames'
        else if (contains($url, 'd-nb.info')) then 'GND'
        else if ($type ne '') then upper-case(substring($type, 1, 1)) || substring($type, 2)
        else 'Authority record'"/>
      <xsl:if test="exists($url)">
        <xsl:sequence select="map{'label': $label, 'url': $url}"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:function>

  <!-- The document's identifier (file names, page names). -->
  <xsl:function name="f:doc-id" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="($tei/parent::ed:document/@id/string(),
                           $document-id[. ne ''],
                           $tei/@xml:id/string(),
                           'document')[1]"/>
  </xsl:function>

  <!-- The document's title as plain text: the main title of the title statement, else its first
       title, else its meeting, else the title page of the text; never a heading of the body,
       except that of a document taken from a larger publication (FRUS: the body is one
       div type="document", the title statement the volume's). -->
  <xsl:function name="f:doc-title" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="stmt" select="$tei/tei:teiHeader/tei:fileDesc/tei:titleStmt"/>
    <xsl:variable name="titles" select="$stmt/tei:title"/>
    <xsl:variable name="part" select="$tei/tei:text/tei:body[count(*) eq 1]/tei:div[@type = 'document']/tei:head[1]"/>
    <xsl:sequence select="(
        $part ! normalize-space(string-join(.//text()[not(ancestor::tei:note)], '')),
        $titles[@type = 'main'][1] ! normalize-space(.),
        $titles[1] ! normalize-space(.),
        $stmt/tei:meeting[1] ! normalize-space(.),
        ($tei/tei:text/tei:front//tei:docTitle)[1] ! normalize-space(.),
        f:doc-id($tei))[. ne ''][1]"/>
  </xsl:function>

  <!-- The date element that dates the document: the setting, else the dateline. -->
  <xsl:function name="f:doc-date" as="element()?">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="($tei/tei:teiHeader/tei:profileDesc/tei:settingDesc/tei:setting//tei:date[@when or @from],
                           $tei/tei:text//tei:dateline//tei:date[@when or @from],
                           $tei/tei:teiHeader/tei:profileDesc/tei:creation//tei:date[@when or @from],
                           $tei/tei:teiHeader/tei:fileDesc/tei:sourceDesc//tei:origDate[@when or @from])[1]"/>
  </xsl:function>

  <!-- The ISO date (yyyy-mm-dd, yyyy-mm or yyyy) of the document, or empty. -->
  <xsl:function name="f:doc-iso-date" as="xs:string?">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="when" select="string(f:doc-date($tei)/(@when, @from)[1])"/>
    <xsl:sequence select="replace($when, '^(-?\d{4}(-\d{2}(-\d{2})?)?).*$', '$1')[matches(., '^-?\d{4}')]"/>
  </xsl:function>

  <!-- A date as a reader writes it: '1958-10-02' gives '2 October 1958'. -->
  <xsl:function name="f:format-date" as="xs:string">
    <xsl:param name="iso" as="xs:string?"/>
    <xsl:sequence select="
      if ($iso castable as xs:date) then format-date(xs:date($iso), '[D] [MNn] [Y]', 'en', (), ())
      else if (matches($iso, '^\d{4}-\d{2}$') and ($iso || '-01') castable as xs:date)
        then format-date(xs:date($iso || '-01'), '[MNn] [Y]', 'en', (), ())
      else string($iso)"/>
  </xsl:function>

  <!-- A time of day from an xs:time or xs:dateTime: '21:30'. -->
  <xsl:function name="f:format-time" as="xs:string?">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="
      if ($value castable as xs:dateTime) then format-dateTime(xs:dateTime($value), '[H01]:[m01]')
      else if ($value castable as xs:time) then format-time(xs:time($value), '[H01]:[m01]')
      else ()"/>
  </xsl:function>

  <!-- The text as a reader reads it in the edited reading, for indexes and counts:
       without the readings as received, without the notes (inside $e: $e itself is read whole). One walk
       down $e that leaves those parts out (mode fp:plain), not a look at the ancestors of every text node. -->
  <xsl:function name="f:plain" as="xs:string">
    <xsl:param name="e" as="node()"/>
    <xsl:variable name="parts" as="xs:string*"><xsl:apply-templates select="$e/node()" mode="fp:plain"/></xsl:variable>
    <xsl:sequence select="normalize-space(string-join($parts, ''))"/>
  </xsl:function>

  <xsl:mode name="fp:plain" on-no-match="shallow-skip"/>
  <xsl:template match="text()" mode="fp:plain"><xsl:sequence select="string(.)"/></xsl:template>
  <xsl:template match="tei:sic[parent::tei:choice] | tei:orig[parent::tei:choice] | tei:abbr[parent::tei:choice]
                       | tei:note[not(@place = 'inline')]" mode="fp:plain"/>

  <!-- Words in a text: the runs of characters between spaces that hold a word character (\w). A run that
       begins with an ASCII letter or digit (a word character) is one without a regular expression; only
       the others are matched, the few that begin with a mark or a letter of another script. -->
  <xsl:function name="f:word-count" as="xs:integer">
    <xsl:param name="text" as="xs:string?"/>
    <xsl:sequence select="count(tokenize(normalize-space(string($text)))
                                [contains($fp:ascii-word-characters, substring(., 1, 1)) or matches(., '\w')])"/>
  </xsl:function>
  <xsl:variable name="fp:ascii-word-characters" as="xs:string"
                select="'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'"/>

  <!-- The id of the place in the page a node is read at: its paragraph, item, heading or turn. -->
  <xsl:function name="f:anchor" as="xs:string?">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="holder" select="$node/ancestor-or-self::*[
        self::tei:p or self::tei:item or self::tei:head or self::tei:l or self::tei:ab
        or self::tei:note[not(@place = 'inline')] or self::tei:closer or self::tei:dateline
        or self::tei:stage[fp:is-block-stage(.)] or self::tei:sp][1]"/>
    <xsl:sequence select="$holder ! f:html-id(.)"/>
  </xsl:function>

  <!-- The id an element carries in the page (notes are numbered in their list). -->
  <xsl:function name="f:html-id" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="if ($e/self::tei:note and not($e/@xml:id)) then 'note-' || f:note-number($e) else f:id($e)"/>
  </xsl:function>

  <!-- The number of a (non-inline) note in the document. -->
  <xsl:function name="f:note-number" as="xs:integer">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="$note ! accumulator-before('fp:notes')"/>
  </xsl:function>

  <xsl:function name="fp:is-block-stage" as="xs:boolean">
    <xsl:param name="stage" as="element()"/>
    <xsl:sequence select="exists($stage/parent::*[self::tei:div or self::tei:sp or self::tei:body
                          or self::tei:back or self::tei:front or self::tei:lg])"/>
  </xsl:function>

  <!-- Is this a label of a speech turn ("Label:")? -->
  <xsl:function name="f:speaker-name" as="xs:string">
    <xsl:param name="sp" as="element(tei:sp)"/>
    <xsl:variable name="entry" select="(for $id in f:pointer-ids($sp/@who) return key('f:entry', $id, f:tei($sp)))[1]"/>
    <xsl:sequence select="if ($entry) then f:entry-name($entry) else
                          (($sp/tei:speaker)[1] ! f:plain(.)[. ne ''], substring(string($sp/@who), 2), 'Unknown speaker')[1]"/>
  </xsl:function>
</xsl:stylesheet>
