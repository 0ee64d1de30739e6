<?xml version="1.0" encoding="UTF-8"?>
<!-- Functions shared by the deposit stylesheets: facts read from a TEI header.
     Included by datacite.xsl and dc.xsl; every value comes from the header (or the parameters the
     packager passes), never retyped. Absent facts give empty sequences, so each record holds what
     the header offers. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:dep="urn:edition:deposit"
    exclude-result-prefixes="#all">

  <!-- The identifier the packager derived for the document (TEI/@xml:id, the edition idno or the file
       name). The packager hands it over as a processing instruction <?edition-document-id ID?> inside the
       root of the copy it transforms; a caller may pass the parameter instead. -->
  <xsl:param name="document-id" as="xs:string"
             select="normalize-space(string((/*/processing-instruction('edition-document-id'))[1]))"/>

  <xsl:function name="dep:norm" as="xs:string">
    <xsl:param name="node" as="item()?"/>
    <xsl:sequence select="normalize-space(string($node))"/>
  </xsl:function>

  <xsl:function name="dep:header" as="element(tei:teiHeader)?">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="root($doc)/tei:TEI/tei:teiHeader"/>
  </xsl:function>

  <!-- A DOI given by the header (never invented): publicationStmt/idno[@type='DOI']. -->
  <xsl:function name="dep:doi" as="xs:string?">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="($header/tei:fileDesc/tei:publicationStmt/tei:idno
                           [lower-case(@type) = 'doi'][normalize-space()])[1] ! dep:norm(.)"/>
  </xsl:function>

  <xsl:function name="dep:edition-id" as="xs:string">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="if ($document-id) then $document-id
                          else (root($header)/tei:TEI/@xml:id,
                                $header/tei:fileDesc/tei:publicationStmt/tei:idno[@type = 'edition'])[1] ! dep:norm(.)"/>
  </xsl:function>

  <!-- The main title: @type main, else complete, else the first title of the titleStmt. -->
  <xsl:function name="dep:title" as="xs:string">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:variable name="titles" select="$header/tei:fileDesc/tei:titleStmt/tei:title[normalize-space()]"/>
    <xsl:sequence select="dep:norm(($titles[@type = 'main'], $titles[@type = 'complete'],
                                    $titles[not(@type)], $titles)[1])"/>
  </xsl:function>

  <xsl:function name="dep:subtitles" as="xs:string*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="$header/tei:fileDesc/tei:titleStmt/tei:title[@type = 'sub'][normalize-space()] ! dep:norm(.)"/>
  </xsl:function>

  <!-- The respStmt with this xml:id, or whose resp text starts with one of the words. -->
  <xsl:function name="dep:resp-names" as="element()*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="pattern" as="xs:string"/>
    <xsl:variable name="stmts" select="$header/tei:fileDesc/tei:titleStmt/tei:respStmt"/>
    <xsl:variable name="chosen" select="($stmts[@xml:id = $id],
        $stmts[not(@xml:id)][matches(dep:norm(tei:resp), $pattern, 'i')])"/>
    <xsl:sequence select="$chosen/(tei:persName | tei:name | tei:orgName)[normalize-space()]"/>
  </xsl:function>

  <!-- Creators of the record: authors, else the recorder, else the editors of the titleStmt. -->
  <xsl:function name="dep:creators" as="element()*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:variable name="title-stmt" select="$header/tei:fileDesc/tei:titleStmt"/>
    <xsl:variable name="authors" select="$title-stmt/tei:author[normalize-space()]"/>
    <xsl:variable name="recorders" select="dep:resp-names($header, 'recorder', '^recorded')"/>
    <xsl:sequence select="if (exists($authors)) then $authors
                          else if (exists($recorders)) then $recorders
                          else $title-stmt/tei:editor[normalize-space()]"/>
  </xsl:function>

  <xsl:function name="dep:translators" as="element()*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="dep:resp-names($header, 'translator', 'translat')"/>
  </xsl:function>

  <!-- Editors and encoders of this edition; titleStmt/editor only when not already the creators. -->
  <xsl:function name="dep:editors" as="element()*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:variable name="title-stmt" select="$header/tei:fileDesc/tei:titleStmt"/>
    <xsl:variable name="creators" select="dep:creators($header)"/>
    <xsl:sequence select="(dep:resp-names($header, 'editor', '(edit|encod)'),
                           $title-stmt/tei:editor[normalize-space()] except $creators)"/>
  </xsl:function>

  <!-- Personal for persons (persName, plain author/editor), Organizational for orgName and name. -->
  <xsl:function name="dep:name-type" as="xs:string">
    <xsl:param name="agent" as="element()"/>
    <xsl:sequence select="if ($agent/self::tei:orgName or $agent/self::tei:name or $agent/tei:orgName)
                          then 'Organizational' else 'Personal'"/>
  </xsl:function>

  <xsl:function name="dep:publisher" as="xs:string?">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="($header/tei:fileDesc/tei:publicationStmt/(tei:publisher | tei:distributor |
                           tei:authority)[normalize-space()])[1] ! dep:norm(.)"/>
  </xsl:function>

  <!-- The publication date of the edition as written (@when, else the text). -->
  <xsl:function name="dep:publication-date" as="xs:string?">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="($header/tei:fileDesc/tei:publicationStmt/tei:date)[1]
                          ! (if (@when) then string(@when) else dep:norm(.))"/>
  </xsl:function>

  <xsl:function name="dep:publication-year" as="xs:string?">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="dep:publication-date($header) ! replace(., '^.*?(\d{4}).*$', '$1')[matches(., '^\d{4}$')]"/>
  </xsl:function>

  <!-- When the original record was made: msDesc origDate, else the setting's date. -->
  <xsl:function name="dep:created" as="xs:string?">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:variable name="orig" select="$header/tei:fileDesc/tei:sourceDesc//tei:origDate[@when][1]/@when"/>
    <xsl:variable name="setting" select="$header/tei:profileDesc/tei:settingDesc//tei:date[@when or @from][1]"/>
    <xsl:sequence select="(string($orig)[$orig],
                           $setting ! string((@when, substring-before(concat(@from, 'T'), 'T'))[1]))[1]"/>
  </xsl:function>

  <xsl:function name="dep:languages" as="xs:string*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:variable name="usage" select="$header/tei:profileDesc/tei:langUsage/tei:language/@ident[normalize-space()]"/>
    <xsl:sequence select="distinct-values(if (exists($usage)) then $usage ! string()
                                          else root($header)/tei:TEI/@xml:lang ! string())"/>
  </xsl:function>

  <!-- Where the transcript was taken from: sourceDesc bibl/ptr/@target and bibl/ref/@target. -->
  <xsl:function name="dep:source-urls" as="xs:string*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="distinct-values($header/tei:fileDesc/tei:sourceDesc//tei:bibl/(tei:ptr | tei:ref)/@target
                                          [matches(., '^https?://')] ! string())"/>
  </xsl:function>

  <xsl:function name="dep:licences" as="element(tei:licence)*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="$header/tei:fileDesc/tei:publicationStmt/tei:availability/tei:licence"/>
  </xsl:function>

  <!-- Rights statements in prose (availability/p), e.g. the rights as received from the source. -->
  <xsl:function name="dep:rights-notes" as="xs:string*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="$header/tei:fileDesc/tei:publicationStmt/tei:availability/tei:p[normalize-space()] ! dep:norm(.)"/>
  </xsl:function>

  <xsl:function name="dep:abstracts" as="xs:string*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="$header/tei:profileDesc/tei:abstract[normalize-space()] ! dep:norm(.)"/>
  </xsl:function>

  <xsl:function name="dep:funders" as="xs:string*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="distinct-values($header/tei:fileDesc/tei:titleStmt/tei:funder[normalize-space()] ! dep:norm(.))"/>
  </xsl:function>

  <!-- Subjects: keywords, then the participants and the events of the register. -->
  <xsl:function name="dep:subjects" as="element()*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="($header/tei:profileDesc/tei:textClass//tei:term[normalize-space()],
                           $header/tei:profileDesc/tei:particDesc//tei:person/tei:persName[1][normalize-space()],
                           $header/tei:fileDesc/tei:sourceDesc/tei:listEvent//tei:event/tei:label[1][normalize-space()])"/>
  </xsl:function>

  <!-- The Wikidata entity of a subject, when the register gives one. -->
  <xsl:function name="dep:wikidata" as="xs:string?">
    <xsl:param name="subject" as="element()"/>
    <xsl:variable name="owner" select="$subject/ancestor-or-self::*[self::tei:person or self::tei:event][1]"/>
    <xsl:variable name="ref" select="($subject/@ref, $owner/@corresp)[starts-with(., '#')][1]"/>
    <xsl:variable name="entry" select="if ($ref) then root($subject)//*[@xml:id = substring($ref, 2)] else $owner"/>
    <xsl:sequence select="($entry/tei:idno[@type = 'wikidata'][normalize-space()])[1] ! dep:norm(.)"/>
  </xsl:function>

  <!-- Further identifiers of the text: every publicationStmt idno that is neither the DOI nor the id. -->
  <xsl:function name="dep:other-idnos" as="element(tei:idno)*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="$header/tei:fileDesc/tei:publicationStmt/tei:idno
                          [normalize-space()][not(lower-case(@type) = ('doi', 'edition'))]"/>
  </xsl:function>

  <!-- The archival citation of the original (msIdentifier), as one line. -->
  <xsl:function name="dep:archival-citation" as="xs:string?">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:variable name="ms" select="($header/tei:fileDesc/tei:sourceDesc//tei:msIdentifier)[1]"/>
    <xsl:variable name="citation" select="$ms//tei:idno[@type = 'citation'][normalize-space()][1]"/>
    <xsl:variable name="repository" select="$ms/tei:repository[normalize-space()][1]"/>
    <xsl:sequence select="if ($citation) then string-join((dep:norm($repository)[.], dep:norm($citation)), ': ')
                          else if ($repository) then string-join(($ms/(tei:settlement, tei:repository,
                               tei:idno)[normalize-space()] ! dep:norm(.)), ', ')
                          else ()"/>
  </xsl:function>
</xsl:stylesheet>
