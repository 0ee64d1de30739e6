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
       name), passed as this parameter; without it, a processing instruction <?edition-document-id ID?>
       inside the root of the document gives it. -->
  <xsl:param name="document-id" as="xs:string"
             select="normalize-space(string((/*/processing-instruction('edition-document-id'))[1]))"/>

  <!-- The text of a node as a reader reads it: of a choice, the edited reading only (never the sic, orig or
       abbr beside it: "unite" and "unit" must not run together); notes left out. -->
  <xsl:function name="dep:norm" as="xs:string">
    <xsl:param name="node" as="item()?"/>
    <xsl:sequence select="if ($node instance of element()) then normalize-space(string-join(
        $node//text()[empty((ancestor::tei:sic[parent::tei:choice] | ancestor::tei:orig[parent::tei:choice]
                             | ancestor::tei:abbr[parent::tei:choice] | ancestor::tei:note)
                            except $node/ancestor-or-self::*)], ''))
      else normalize-space(string($node))"/>
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

  <xsl:function name="dep:bare-doi" as="xs:string">
    <xsl:param name="doi" as="item()"/>
    <xsl:sequence select="replace(dep:norm($doi), '^(https?://(dx\.)?doi\.org/|doi:)', '', 'i')"/>
  </xsl:function>

  <!-- The description a repository requires: the abstract, else the editors' introduction. -->
  <xsl:function name="dep:description" as="xs:string?">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="(string-join(dep:abstracts($header), ' ')[. ne ''],
                           string-join(dep:introduction($header), ' ')[. ne ''])[1]"/>
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

  <!-- Creators of the record, who made this edition: the authors, else the editors of the titleStmt
       (the project file's [[editor]]), else the names of the editors' respStmt, else the recorder. -->
  <xsl:function name="dep:creators" as="element()*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:variable name="title-stmt" select="$header/tei:fileDesc/tei:titleStmt"/>
    <xsl:variable name="authors" select="$title-stmt/tei:author[normalize-space()]"/>
    <xsl:variable name="editors" select="$title-stmt/tei:editor[normalize-space()]"/>
    <xsl:variable name="encoders" select="dep:resp-names($header, 'editor', '(edit|encod)')"/>
    <xsl:sequence select="if (exists($authors)) then $authors
                          else if (exists($editors)) then $editors
                          else if (exists($encoders)) then $encoders
                          else dep:recorders($header)"/>
  </xsl:function>

  <xsl:function name="dep:translators" as="element()*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="dep:resp-names($header, 'translator', 'translat')"/>
  </xsl:function>

  <!-- Who recorded the conversation (the original's note-taker). -->
  <xsl:function name="dep:recorders" as="element()*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="dep:resp-names($header, 'recorder', '^recorded')"/>
  </xsl:function>

  <!-- Editors and encoders of this edition who are not already its creators (compared by name). -->
  <xsl:function name="dep:editors" as="element()*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:variable name="title-stmt" select="$header/tei:fileDesc/tei:titleStmt"/>
    <xsl:variable name="creator-names" select="dep:creators($header) ! dep:display-name(.)"/>
    <xsl:sequence select="(dep:resp-names($header, 'editor', '(edit|encod)'),
                           $title-stmt/tei:editor[normalize-space()])[not(dep:display-name(.) = $creator-names)]"/>
  </xsl:function>

  <!-- The name of an agent element without its affiliation: persName, orgName, or its own text. -->
  <xsl:function name="dep:display-name" as="xs:string">
    <xsl:param name="agent" as="element()"/>
    <xsl:variable name="name" select="($agent/(tei:persName | tei:orgName | tei:name))[1]"/>
    <xsl:sequence select="if ($name) then dep:norm($name)
                          else (normalize-space(string-join($agent/text(), ''))[. ne ''], dep:norm($agent))[1]"/>
  </xsl:function>

  <!-- DataCite's form of a name: "Family, Given" when the parts are known, else as written. -->
  <xsl:function name="dep:record-name" as="xs:string">
    <xsl:param name="agent" as="element()"/>
    <xsl:sequence select="if (dep:family-name($agent) and dep:given-name($agent))
                          then dep:family-name($agent) || ', ' || dep:given-name($agent)
                          else dep:display-name($agent)"/>
  </xsl:function>

  <xsl:function name="dep:given-name" as="xs:string?">
    <xsl:param name="agent" as="element()"/>
    <xsl:sequence select="($agent/descendant-or-self::tei:persName[1]/tei:forename)[1] ! dep:norm(.)[.]"/>
  </xsl:function>

  <xsl:function name="dep:family-name" as="xs:string?">
    <xsl:param name="agent" as="element()"/>
    <xsl:sequence select="($agent/descendant-or-self::tei:persName[1]/tei:surname)[1] ! dep:norm(.)[.]"/>
  </xsl:function>

  <!-- The ORCID iD of an agent: @ref on it or on its name, as https://orcid.org/…. -->
  <xsl:function name="dep:orcid" as="xs:string?">
    <xsl:param name="agent" as="element()"/>
    <xsl:sequence select="(($agent/@ref, $agent/(tei:persName | tei:orgName)/@ref) ! tokenize(.)
                           [matches(., '^https://orcid\.org/\d{4}-\d{4}-\d{4}-\d{3}[\dX]$')])[1]"/>
  </xsl:function>

  <!-- An agent's affiliations (orgName elements, @ref the ROR). -->
  <xsl:function name="dep:affiliations" as="element()*">
    <xsl:param name="agent" as="element()"/>
    <xsl:sequence select="$agent/tei:affiliation/(tei:orgName[normalize-space()], .[not(tei:orgName)][normalize-space()])"/>
  </xsl:function>

  <xsl:function name="dep:ror" as="xs:string?">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="($element/@ref ! tokenize(.)[matches(., '^https://ror\.org/0[a-z0-9]{6}\d{2}$')])[1]"/>
  </xsl:function>

  <!-- Personal for persons (persName, plain author/editor), Organizational for orgName; empty for a
       bare name, which may be either (DataCite's nameType is optional: it is not guessed). -->
  <xsl:function name="dep:name-type" as="xs:string?">
    <xsl:param name="agent" as="element()"/>
    <xsl:sequence select="if ($agent/self::tei:orgName or $agent/tei:orgName) then 'Organizational'
                          else if ($agent/self::tei:persName or $agent/tei:persName) then 'Personal'
                          else if ($agent/self::tei:name or $agent/tei:name) then ()
                          else 'Personal'"/>
  </xsl:function>

  <xsl:function name="dep:publisher" as="xs:string?">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="($header/tei:fileDesc/tei:publicationStmt/(tei:publisher | tei:distributor |
                           tei:authority)[normalize-space()])[1] ! dep:norm(.)"/>
  </xsl:function>

  <!-- The publication date of the edition as written (@when, else the text). -->
  <!-- When the edition was published: publicationStmt/date; in a TEI file that has none, its editionStmt's
       date, else the date of its latest revision (revisionDesc/change/@when), never a date of the source.
       package.py says which was taken (dep:publication-date-from). -->
  <xsl:function name="dep:publication-date" as="xs:string?">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="dep:publication-dates($header)[1]"/>
  </xsl:function>

  <!-- Where dep:publication-date was read: 'publicationStmt', 'editionStmt', 'revisionDesc', or nothing. -->
  <xsl:function name="dep:publication-date-from" as="xs:string?">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="dep:publication-dates($header)[2]"/>
  </xsl:function>

  <xsl:function name="dep:publication-dates" as="xs:string*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:variable name="stated" select="($header/tei:fileDesc/tei:publicationStmt/tei:date)[1]
                                        ! (if (@when) then string(@when) else dep:norm(.))"/>
    <xsl:variable name="edition" select="($header/tei:fileDesc/tei:editionStmt//tei:date)[1]
                                         ! (if (@when) then string(@when) else dep:norm(.))[matches(., '\d{4}')]"/>
    <xsl:variable name="revised" select="max($header/tei:revisionDesc//tei:change/@when[matches(., '^\d{4}(-\d{2}(-\d{2})?)?$')]
                                         ! string(.))"/>
    <xsl:sequence select="if (exists($stated)) then ($stated, 'publicationStmt')
                          else if (exists($edition)) then ($edition, 'editionStmt')
                          else if (exists($revised)) then ($revised, 'revisionDesc') else ()"/>
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

  <!-- The SPDX identifier of a licence, from its URL (Creative Commons) or its name ("CC BY 4.0"). -->
  <xsl:function name="dep:spdx" as="xs:string?">
    <xsl:param name="licence" as="element(tei:licence)"/>
    <xsl:variable name="url" select="normalize-space($licence/@target)"/>
    <xsl:variable name="cc" select="'^https?://creativecommons\.org/licenses/(by|by-sa|by-nd|by-nc|by-nc-sa|by-nc-nd)/(\d\.\d)(/((deed|legalcode)(\.[A-Za-z-]+)?)?)?$'"/>
    <xsl:variable name="text" select="dep:norm($licence)"/>
    <xsl:variable name="named" select="'^(.*[^A-Za-z])?CC[ -](BY([ -](NC[ -]SA|NC[ -]ND|SA|ND|NC))?)[ -](\d\.\d)([^0-9].*)?$'"/>
    <xsl:sequence select="if (matches($url, $cc)) then 'CC-' || upper-case(replace($url, $cc, '$1')) || '-' || replace($url, $cc, '$2')
                          else if (matches($url, '^https?://creativecommons\.org/publicdomain/zero/1\.0(/((deed|legalcode)(\.[A-Za-z-]+)?)?)?$')) then 'CC0-1.0'
                          else if ($url eq '' and matches($text, $named)) then 'CC-' || translate(replace($text, $named, '$2'), ' ', '-') || '-' || replace($text, $named, '$5')
                          else ()"/>
  </xsl:function>

  <!-- Rights statements in prose (availability/p): the rights of the source as received. They describe
       the source, not this edition, so they are never in a record's rights; and text scraped from a web
       page that hides an e-mail address ("[email protected]") is left out altogether. -->
  <xsl:function name="dep:rights-notes" as="xs:string*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="$header/tei:fileDesc/tei:publicationStmt/tei:availability/tei:p[normalize-space()]
                          ! dep:norm(.)[not(matches(., '\[\s*email\s*protected\s*\]|email&#160;protected', 'i'))]"/>
  </xsl:function>

  <xsl:function name="dep:abstracts" as="xs:string*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="$header/tei:profileDesc/tei:abstract[normalize-space()] ! dep:norm(.)"/>
  </xsl:function>

  <!-- The editors' introduction (projectDesc), without the paragraph the converter adds about itself. -->
  <xsl:function name="dep:introduction" as="xs:string*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="$header/tei:encodingDesc/tei:projectDesc/tei:p[normalize-space()] ! dep:norm(.)
                          [not(starts-with(., 'Converted from a plain-text transcript by edition'))]"/>
  </xsl:function>

  <!-- The version of the edition: editionStmt/edition/@n, else its text. -->
  <xsl:function name="dep:version" as="xs:string?">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="($header/tei:fileDesc/tei:editionStmt/tei:edition)[1] ! (@n[normalize-space()], dep:norm(.)[.])[1] ! string()"/>
  </xsl:function>

  <!-- The document's page in the HTML edition (publicationStmt/idno[@type='URI']). -->
  <xsl:function name="dep:page-urls" as="xs:string*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="$header/tei:fileDesc/tei:publicationStmt/tei:idno[@type = ('URI', 'URL')][matches(., '^https?://')] ! dep:norm(.)"/>
  </xsl:function>

  <!-- The edition as a whole (seriesStmt): its DOIs and URLs. -->
  <xsl:function name="dep:series-idnos" as="element(tei:idno)*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="$header/tei:fileDesc/tei:seriesStmt/tei:idno[normalize-space()]
                          [lower-case(@type) = 'doi' or (@type = ('URI', 'URL') and matches(., '^https?://'))]"/>
  </xsl:function>

  <!-- Who funded this edition: titleStmt/funder (@ref its ROR). A funder named in sourceDesc funded the
       source (for the memorandum: the original translation), not this edition. -->
  <xsl:function name="dep:funders" as="element(tei:funder)*">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:sequence select="$header/tei:fileDesc/tei:titleStmt/tei:funder[normalize-space()]"/>
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
                          [normalize-space()][not(lower-case(@type) = ('doi', 'edition', 'uri', 'url'))]"/>
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
