<?xml version="1.0" encoding="UTF-8"?>
<!-- TEI header → DataCite Metadata Schema 4.5 (namespace kernel-4).
     Run by edition/publish/deposit/package.py with the parameter document-id. Mapping (docs/deposit.md):
     identifier: publicationStmt/idno[@type=DOI], else document-id with identifierType "Other";
     creators: author, else the recorder's respStmt, else titleStmt/editor; contributors: the translator
     (contributorType Other: 4.5 has no Translator) and the editors/encoders (Editor); titles, publisher,
     publicationYear from the titleStmt and publicationStmt; resourceType Text/Edition; subjects from
     keywords, participants and register events (with Wikidata URIs where the register has them);
     dates Created (origDate or the setting's date) and Issued; language; alternateIdentifiers (other
     idnos); relatedIdentifiers (sourceDesc bibl/ptr URL, IsDerivedFrom); rightsList (licence, then
     availability prose); descriptions (abstract; the archival citation as Other); fundingReferences. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:dep="urn:edition:deposit"
    xmlns="http://datacite.org/schema/kernel-4"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    exclude-result-prefixes="#all">

  <xsl:include href="header.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:template match="/">
    <xsl:variable name="header" select="dep:header(.)"/>
    <xsl:if test="empty($header)">
      <xsl:message terminate="yes">not a TEI document with a teiHeader</xsl:message>
    </xsl:if>
    <xsl:apply-templates select="$header"/>
  </xsl:template>

  <xsl:template match="tei:teiHeader">
    <xsl:variable name="doi" select="dep:doi(.)"/>
    <xsl:variable name="creators" select="dep:creators(.)"/>
    <resource xsi:schemaLocation="http://datacite.org/schema/kernel-4 https://schema.datacite.org/meta/kernel-4.5/metadata.xsd">
      <xsl:choose>
        <xsl:when test="$doi">
          <identifier identifierType="DOI"><xsl:value-of select="dep:bare-doi($doi)"/></identifier>
        </xsl:when>
        <xsl:otherwise>
          <identifier identifierType="Other"><xsl:value-of select="dep:edition-id(.)"/></identifier>
        </xsl:otherwise>
      </xsl:choose>
      <creators>
        <xsl:for-each select="$creators">
          <creator><xsl:call-template name="dep:agent"><xsl:with-param name="kind" select="'creator'"/></xsl:call-template></creator>
        </xsl:for-each>
        <xsl:if test="empty($creators)">
          <!-- DataCite's standard value for an unknown creator -->
          <creator><creatorName>:unkn</creatorName></creator>
        </xsl:if>
      </creators>
      <titles>
        <title>
          <xsl:for-each select="dep:languages(.)[1]"><xsl:attribute name="xml:lang" select="."/></xsl:for-each>
          <xsl:value-of select="dep:title(.)"/>
        </title>
        <xsl:for-each select="dep:subtitles(.)">
          <title titleType="Subtitle"><xsl:value-of select="."/></title>
        </xsl:for-each>
      </titles>
      <publisher><xsl:value-of select="(dep:publisher(.), ':unav')[1]"/></publisher>
      <!-- 4.5 requires four digits: ':unav' (no year in the header) is refused by the packager -->
      <publicationYear><xsl:value-of select="(dep:publication-year(.), ':unav')[1]"/></publicationYear>
      <resourceType resourceTypeGeneral="Text">Edition</resourceType>
      <xsl:variable name="subjects" select="dep:subjects(.)"/>
      <xsl:if test="exists($subjects)">
        <subjects>
          <xsl:for-each select="$subjects">
            <xsl:variable name="q" select="dep:wikidata(.)"/>
            <subject>
              <xsl:if test="$q">
                <xsl:attribute name="subjectScheme">Wikidata</xsl:attribute>
                <xsl:attribute name="schemeURI">https://www.wikidata.org/wiki/</xsl:attribute>
                <xsl:attribute name="valueURI" select="'https://www.wikidata.org/wiki/' || $q"/>
              </xsl:if>
              <xsl:value-of select="dep:norm(.)"/>
            </subject>
          </xsl:for-each>
        </subjects>
      </xsl:if>
      <xsl:variable name="contributors" as="map(xs:string, item())*"
          select="(dep:translators(.) ! map {'type': 'Other', 'agent': .},
                   dep:recorders(.)[not(dep:display-name(.) = $creators ! dep:display-name(.))] ! map {'type': 'DataCollector', 'agent': .},
                   dep:editors(.) ! map {'type': 'Editor', 'agent': .})"/>
      <xsl:if test="exists($contributors)">
        <contributors>
          <!-- 4.5 has no Translator (4.6 added it): the translator is Other; the recorder DataCollector -->
          <xsl:for-each select="$contributors">
            <contributor contributorType="{?type}">
              <xsl:for-each select="?agent">
                <xsl:call-template name="dep:agent"><xsl:with-param name="kind" select="'contributor'"/></xsl:call-template>
              </xsl:for-each>
            </contributor>
          </xsl:for-each>
        </contributors>
      </xsl:if>
      <xsl:variable name="created" select="dep:created(.)"/>
      <xsl:variable name="issued" select="dep:publication-date(.)"/>
      <xsl:if test="$created or $issued">
        <dates>
          <xsl:if test="$created"><date dateType="Created"><xsl:value-of select="$created"/></date></xsl:if>
          <xsl:if test="$issued"><date dateType="Issued"><xsl:value-of select="$issued"/></date></xsl:if>
        </dates>
      </xsl:if>
      <xsl:for-each select="dep:languages(.)[1]">
        <language><xsl:value-of select="."/></language>
      </xsl:for-each>
      <xsl:variable name="idnos" select="dep:other-idnos(.)"/>
      <xsl:if test="exists($idnos)">
        <alternateIdentifiers>
          <xsl:for-each select="$idnos">
            <alternateIdentifier alternateIdentifierType="{(@type[normalize-space()], 'Other')[1]}"><xsl:value-of select="dep:norm(.)"/></alternateIdentifier>
          </xsl:for-each>
        </alternateIdentifiers>
      </xsl:if>
      <xsl:variable name="related" as="element()*">
        <xsl:for-each select="dep:source-urls(.)">
          <relatedIdentifier relatedIdentifierType="URL" relationType="IsDerivedFrom" resourceTypeGeneral="Text"><xsl:value-of select="."/></relatedIdentifier>
        </xsl:for-each>
        <xsl:for-each select="dep:page-urls(.)">
          <relatedIdentifier relatedIdentifierType="URL" relationType="IsVariantFormOf" resourceTypeGeneral="Text"><xsl:value-of select="."/></relatedIdentifier>
        </xsl:for-each>
        <xsl:for-each select="dep:series-idnos(.)">
          <relatedIdentifier relatedIdentifierType="{if (lower-case(@type) = 'doi') then 'DOI' else 'URL'}" relationType="IsPartOf" resourceTypeGeneral="Collection"><xsl:value-of select="if (lower-case(@type) = 'doi') then dep:bare-doi(.) else dep:norm(.)"/></relatedIdentifier>
        </xsl:for-each>
      </xsl:variable>
      <xsl:if test="exists($related)">
        <relatedIdentifiers><xsl:sequence select="$related"/></relatedIdentifiers>
      </xsl:if>
      <formats>
        <format>application/tei+xml</format>
      </formats>
      <xsl:for-each select="dep:version(.)">
        <version><xsl:value-of select="."/></version>
      </xsl:for-each>
      <xsl:variable name="licences" select="dep:licences(.)"/>
      <xsl:if test="exists($licences)">
        <rightsList>
          <xsl:for-each select="$licences">
            <rights>
              <xsl:if test="matches(@target, '^https?://')"><xsl:attribute name="rightsURI" select="@target"/></xsl:if>
              <xsl:for-each select="dep:spdx(.)">
                <xsl:attribute name="rightsIdentifier" select="."/>
                <xsl:attribute name="rightsIdentifierScheme" select="'SPDX'"/>
                <xsl:attribute name="schemeURI" select="'https://spdx.org/licenses/'"/>
              </xsl:for-each>
              <xsl:value-of select="(dep:norm(.)[.], string(@target))[1]"/>
            </rights>
          </xsl:for-each>
        </rightsList>
      </xsl:if>
      <xsl:variable name="abstracts" select="dep:abstracts(.)"/>
      <xsl:variable name="introduction" select="dep:introduction(.)[empty($abstracts)]"/>
      <xsl:variable name="citation" select="dep:archival-citation(.)"/>
      <xsl:variable name="series" select="(./tei:fileDesc/tei:seriesStmt/tei:title[normalize-space()])[1] ! dep:norm(.)"/>
      <descriptions>
        <xsl:for-each select="$abstracts">
          <description descriptionType="Abstract"><xsl:value-of select="."/></description>
        </xsl:for-each>
        <xsl:if test="exists($introduction)">
          <description descriptionType="Other"><xsl:value-of select="string-join($introduction, ' ')"/></description>
        </xsl:if>
        <xsl:for-each select="$series">
          <description descriptionType="SeriesInformation"><xsl:value-of select="."/></description>
        </xsl:for-each>
        <xsl:for-each select="$citation">
          <description descriptionType="Other"><xsl:value-of select="'Original: ' || ."/></description>
        </xsl:for-each>
        <xsl:for-each select="dep:rights-notes(.)">
          <description descriptionType="Other"><xsl:value-of select="'Rights of the source, as received: ' || ."/></description>
        </xsl:for-each>
      </descriptions>
      <xsl:variable name="funders" select="dep:funders(.)"/>
      <xsl:if test="exists($funders)">
        <fundingReferences>
          <xsl:for-each select="$funders">
            <fundingReference>
              <funderName><xsl:value-of select="dep:norm(.)"/></funderName>
              <xsl:for-each select="dep:ror(.)">
                <funderIdentifier funderIdentifierType="ROR" schemeURI="https://ror.org"><xsl:value-of select="."/></funderIdentifier>
              </xsl:for-each>
            </fundingReference>
          </xsl:for-each>
        </fundingReferences>
      </xsl:if>
      <xsl:variable name="ms" select="(./tei:fileDesc/tei:sourceDesc//tei:msDesc)[1]"/>
      <xsl:if test="$ms and $citation">
        <relatedItems>
          <!-- the archival original: it has a citation, not an identifier -->
          <relatedItem relatedItemType="Text" relationType="IsDerivedFrom">
            <titles><title><xsl:value-of select="(($ms//tei:msItem/tei:title)[1] ! dep:norm(.)[.], dep:title(.))[1]"/></title></titles>
            <number numberType="Other"><xsl:value-of select="$citation"/></number>
            <xsl:for-each select="($ms/tei:msIdentifier/tei:repository)[1][normalize-space()]">
              <publisher><xsl:value-of select="dep:norm(.)"/></publisher>
            </xsl:for-each>
          </relatedItem>
        </relatedItems>
      </xsl:if>
    </resource>
  </xsl:template>

  <!-- creatorName / contributorName with its parts, ORCID and affiliations (ROR). -->
  <xsl:template name="dep:agent">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:variable name="type" select="dep:name-type(.)"/>
    <xsl:element name="{$kind}Name" namespace="http://datacite.org/schema/kernel-4">
      <xsl:for-each select="$type"><xsl:attribute name="nameType" select="."/></xsl:for-each>
      <xsl:value-of select="dep:record-name(.)"/>
    </xsl:element>
    <xsl:if test="$type = 'Personal'">
      <xsl:for-each select="dep:given-name(.)"><givenName><xsl:value-of select="."/></givenName></xsl:for-each>
      <xsl:for-each select="dep:family-name(.)"><familyName><xsl:value-of select="."/></familyName></xsl:for-each>
    </xsl:if>
    <xsl:for-each select="dep:orcid(.)">
      <nameIdentifier nameIdentifierScheme="ORCID" schemeURI="https://orcid.org"><xsl:value-of select="."/></nameIdentifier>
    </xsl:for-each>
    <xsl:for-each select="dep:affiliations(.)">
      <affiliation>
        <xsl:for-each select="dep:ror(.)">
          <xsl:attribute name="affiliationIdentifier" select="."/>
          <xsl:attribute name="affiliationIdentifierScheme" select="'ROR'"/>
          <xsl:attribute name="schemeURI" select="'https://ror.org'"/>
        </xsl:for-each>
        <xsl:value-of select="dep:norm(.)"/>
      </affiliation>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
