<?xml version="1.0" encoding="UTF-8"?>
<!-- Kinds of text beyond the record of conversation: spoken TEI (u, with the speaker's name
     from the participant list; pause, vocal, kinesic, incident; narrative notes in the line
     of the text), drama (castList, castItem, role), dictionaries (entry, form, orth, sense,
     cit), formulae and the language and writing direction of foreign words. Shared by the
     screen and print outputs. -->
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

  <!-- ============================================================ spoken -->

  <!-- Who speaks an utterance: the participant's name, else what @who says. -->
  <xsl:function name="f:who-name" as="xs:string?">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="tokens" select="tokenize(normalize-space($e/@who), ' ')"/>
    <xsl:variable name="entry" select="(for $id in f:pointer-ids($e/@who) return key('f:entry', $id, f:tei($e)))[1]"/>
    <xsl:sequence select="if (exists($entry)) then f:entry-name($entry)
                          else if (exists($tokens) and (every $t in $tokens satisfies starts-with($t, '#')))
                            then string-join($tokens ! replace(substring(., 2), '[._]+', ' '), ', ')
                          else normalize-space($e/@who)[. ne '']"/>
  </xsl:function>

  <xsl:template match="u" mode="m:text">
    <xsl:variable name="who" select="f:who-name(.)"/>
    <xsl:call-template name="t:block">
      <xsl:with-param name="class" select="'u'"/>
      <xsl:with-param name="with-id" select="true()"/>
      <xsl:with-param name="prefix">
        <xsl:if test="exists($who)"><span class="speaker block"><xsl:value-of select="$who"/><span class="speaker-colon">:</span></span></xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- A segment of an utterance is a paragraph of the speech. -->
  <xsl:template match="u/seg | u/s" mode="m:text">
    <xsl:call-template name="t:block">
      <xsl:with-param name="tag" select="'p'"/>
      <xsl:with-param name="class" select="'p seg'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Pauses, noises, gestures, events: in parentheses, as a transcript writes them. -->
  <xsl:template match="pause | vocal | kinesic | incident | writing | shift" mode="m:text">
    <xsl:variable name="desc" select="normalize-space(string-join(desc, ' '))"/>
    <span class="event event-{local-name()}">
      <xsl:apply-templates select="." mode="m:attributes"/>
      <xsl:text>(</xsl:text>
      <xsl:choose>
        <xsl:when test="self::writing"><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></xsl:when>
        <xsl:when test="$desc ne ''"><xsl:apply-templates select="desc/node()" mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="string-join((if (self::pause) then 'pause' else (@type, local-name())[1], @dur, @who ! f:who-name(..), @new), ' ')"/>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:text>)</xsl:text>
    </span>
  </xsl:template>

  <!-- Narrative notes (the transcriber's account of what happens: applause, the chair, the
       time) are part of the reading text, not footnotes. -->
  <xsl:template match="note[f:is-narrative-note(.)]" mode="m:text" priority="3">
    <xsl:call-template name="t:block">
      <xsl:with-param name="tag" select="if (parent::*[self::div or self::body or self::u or starts-with(local-name(), 'div')]) then 'p' else 'span'"/>
      <xsl:with-param name="class" select="'note-narrative'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ============================================================ drama -->

  <xsl:template match="castList" mode="m:text">
    <xsl:call-template name="t:block">
      <xsl:with-param name="class" select="'castList'"/>
      <xsl:with-param name="with-id" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="castGroup" mode="m:text">
    <xsl:call-template name="t:block"><xsl:with-param name="class" select="'castGroup'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="castItem" mode="m:text">
    <xsl:call-template name="t:block">
      <xsl:with-param name="tag" select="'p'"/>
      <xsl:with-param name="class" select="'castItem'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="role | roleDesc | actor | roleName[ancestor::castList]" mode="m:text">
    <span class="{local-name()}">
      <xsl:if test="self::roleDesc and preceding-sibling::*"><xsl:text> — </xsl:text></xsl:if>
      <xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
    </span>
  </xsl:template>

  <xsl:template match="set | move | view | camera | sound | caption | tech" mode="m:text">
    <xsl:call-template name="t:block"><xsl:with-param name="class" select="'stage ' || local-name()"/></xsl:call-template>
  </xsl:template>

  <!-- ============================================================ dictionaries -->

  <!-- Each entry a block with its headword. -->
  <xsl:template match="entry | entryFree | superEntry | re" mode="m:text">
    <xsl:call-template name="t:block">
      <xsl:with-param name="class" select="'entry ' || local-name()"/>
      <xsl:with-param name="with-id" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="entry/form | entryFree/form | superEntry/form | re/form" mode="m:text">
    <xsl:call-template name="t:block">
      <xsl:with-param name="tag" select="'p'"/>
      <xsl:with-param name="class" select="'form' || (if (not(preceding-sibling::form)) then ' headword' else '')"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="sense" mode="m:text">
    <xsl:call-template name="t:block">
      <xsl:with-param name="class" select="'sense'"/>
      <xsl:with-param name="prefix"><xsl:for-each select="@n"><span class="sense-n"><xsl:value-of select="."/>. </span></xsl:for-each></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="orth" mode="m:text">
    <b class="orth"><xsl:apply-templates select="." mode="m:attributes"/><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></b>
    <xsl:text> </xsl:text>
  </xsl:template>

  <xsl:template match="pron" mode="m:text">
    <span class="pron">/<xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>/</span>
    <xsl:text> </xsl:text>
  </xsl:template>

  <xsl:template match="form | gramGrp | pos | gen | number | case | per | tns | mood | iType | gram | subc | colloc
                       | usg | lbl | def | etym | lang | hyph | syll | stress | oRef | oVar | pRef | pVar | xr"
                mode="m:text">
    <span class="{local-name()}">
      <xsl:apply-templates select="." mode="m:attributes"/>
      <xsl:if test="self::xr"><xsl:text>→ </xsl:text></xsl:if>
      <xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
    </span>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- A translation or example: its quotation in the language it is written in. -->
  <xsl:template match="cit[ancestor::entry or ancestor::entryFree or ancestor::superEntry]" mode="m:text" priority="1">
    <span class="cit{@type ! (' cit-' || f:token(.))}">
      <xsl:apply-templates select="." mode="m:attributes"/>
      <xsl:if test="@type = ('trans', 'translation', 'translationEquivalent')"><xsl:text>= </xsl:text></xsl:if>
      <xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
    </span>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- ============================================================ formulae -->

  <xsl:template match="formula" mode="m:text">
    <span class="formula{@notation ! (' notation-' || f:token(.))}">
      <xsl:choose>
        <xsl:when test="*[namespace-uri() eq 'http://www.w3.org/1998/Math/MathML']">
          <xsl:copy-of select="*[namespace-uri() eq 'http://www.w3.org/1998/Math/MathML']" copy-namespaces="no"/>
        </xsl:when>
        <xsl:otherwise><xsl:apply-templates mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates></xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <!-- ============================================================ lists of persons, places, events -->

  <xsl:template match="listPerson | listPlace | listOrg | listEvent | listRelation | listNym | listObject" mode="m:text">
    <xsl:call-template name="t:block"><xsl:with-param name="class" select="'register-list ' || local-name()"/></xsl:call-template>
  </xsl:template>

  <!-- An entry of a list in the text: its parts in order, each after a space. -->
  <xsl:template match="person | personGrp | place | org | event | relation | nym | object" mode="m:text">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:element name="{if ($inline) then 'span' else 'p'}" namespace="http://www.w3.org/1999/xhtml">
      <xsl:attribute name="class" select="'register-entry ' || local-name() || (if ($inline) then ' block' else '')"/>
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="." mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="true()"/></xsl:apply-templates>
        <xsl:if test="self::*"><xsl:text> </xsl:text></xsl:if>
      </xsl:for-each>
    </xsl:element>
  </xsl:template>

  <xsl:template match="forename | surname | addName | genName | nameLink | roleName | birth | death | floruit | occupation
                       | sex | age | faith | nationality | residence | affiliation | education | langKnowledge | state | trait
                       | location | geo | address | addrLine | street | postCode | postBox | district | bloc | offset
                       | biblScope | publisher | pubPlace | edition | series | imprint | span | source | fw | label[not(parent::list)]
                       | idno | email | hom | desc | title" mode="m:text">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="block" select="not($inline) and local-name() = ('address', 'label', 'hom', 'fw', 'desc')"/>
    <xsl:element name="{if ($block) then 'div' else 'span'}" namespace="http://www.w3.org/1999/xhtml">
      <xsl:attribute name="class" select="string-join((local-name(), @type ! ('type-' || f:token(.))), ' ')"/>
      <xsl:apply-templates select="." mode="m:attributes"/>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="." mode="m:text"><xsl:with-param name="inline" tunnel="yes" select="not($block) or exists(parent::address)"/></xsl:apply-templates>
        <xsl:if test="self::addrLine"><br/></xsl:if>
      </xsl:for-each>
    </xsl:element>
    <!-- two parts of a name written with nothing between them (<forename>انطوان</forename><surname>الجميل</surname>)
         are two words: a space between them, as a reader of the name sees it -->
    <xsl:if test="f:name-part-before-name-part(.)">
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:function name="f:is-name-part" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="exists($node[self::forename | self::surname | self::addName | self::genName | self::nameLink | self::roleName])"/>
  </xsl:function>

  <!-- A part of a name followed at once, with nothing between them, by another part: a space goes between. -->
  <xsl:function name="f:name-part-before-name-part" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="f:is-name-part($node) and exists($node/following-sibling::node()[1][self::*][f:is-name-part(.)])"/>
  </xsl:function>

  <!-- The text of a name, its parts written with nothing between them two words ("انطوان الجميل"). -->
  <xsl:function name="f:name-words" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="normalize-space(string-join(for $part in $name/node() return (string($part),
                            ' '[f:name-part-before-name-part($part)]), ''))"/>
  </xsl:function>

  <xsl:template match="titlePage | div/argument" mode="m:text">
    <xsl:call-template name="t:block"><xsl:with-param name="class" select="local-name()"/></xsl:call-template>
  </xsl:template>

  <!-- A division to be generated (an index, a table of contents): nothing to read in the TEI. -->
  <xsl:template match="divGen" mode="m:text">
    <span class="divGen" data-type="{@type}"/>
  </xsl:template>

  <!-- ============================================================ languages -->

  <!-- Languages written from right to left (by language or by script subtag). -->
  <xsl:function name="f:is-rtl" as="xs:boolean">
    <xsl:param name="lang" as="xs:string?"/>
    <xsl:variable name="l" select="lower-case(string($lang))"/>
    <xsl:sequence select="matches($l, '-(arab|hebr|syrc|thaa|nkoo|samr|mand|adlm)(-|$)')
                          or (tokenize($l, '-')[1] = ('ar', 'he', 'fa', 'ur', 'yi', 'ps', 'syr', 'dv', 'ug', 'ckb', 'sd', 'arc', 'ota')
                              and not(matches($l, '-latn(-|$)')))"/>
  </xsl:function>
</xsl:stylesheet>
