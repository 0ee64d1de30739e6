<?xml version="1.0" encoding="UTF-8"?>
<!-- The figures panel: quantities from measure elements as bar charts (one per commodity)
     and words spoken per participant, drawn as SVG from the TEI, each with a data table. -->
<xsl:stylesheet version="3.0"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:svg="http://www.w3.org/2000/svg"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:f="urn:edition:functions"
    xmlns:m="urn:edition:modes"
    xmlns:t="urn:edition:templates"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- What a measured quantity refers to: the words before it in its list item or sentence. -->
  <xsl:function name="f:measure-label" as="xs:string">
    <xsl:param name="measure" as="element()"/>
    <xsl:variable name="holder" select="$measure/ancestor::*[self::item or self::p or self::ab or self::l or self::cell][1]"/>
    <xsl:variable name="before" select="normalize-space(string-join(
        $holder//text()[. &lt;&lt; $measure][not(ancestor::note[not(@place = 'inline')] or ancestor::sic or ancestor::orig)], ''))"/>
    <xsl:variable name="sentence" select="replace(tokenize($before, '[.!?;]\s+')[last()], '[\s:,–—-]+$', '')"/>
    <xsl:variable name="words" select="tokenize($sentence, '\s+')"/>
    <xsl:variable name="label" select="if (count($words) le 7) then ($sentence[. ne ''], normalize-space($measure))[1]
                          else '… ' || string-join(subsequence($words, count($words) - 5), ' ')"/>
    <!-- the label column of the chart holds about 34 characters -->
    <xsl:sequence select="if (string-length($label) le 34) then $label
                          else '… ' || replace(substring($label, string-length($label) - 31), '^\S*\s+', '')"/>
  </xsl:function>

  <!-- Words a speaker says in a turn: not the label, stage directions, notes, editorial
       insertions or the readings as received. -->
  <xsl:function name="f:spoken-words" as="xs:integer">
    <xsl:param name="sp" as="element(tei:sp)"/>
    <xsl:sequence select="f:word-count(string-join($sp//text()[not(ancestor::speaker or ancestor::stage or ancestor::note
        or ancestor::supplied or ancestor::sic[parent::choice] or ancestor::orig[parent::choice])], ' '))"/>
  </xsl:function>

  <!-- The two ends of a range the text states ("75-80 million tons", @type='range', @quantity its
       middle), scaled as @quantity is: (75000000, 80000000). Empty for a single quantity. -->
  <xsl:function name="f:measure-range" as="xs:double*">
    <xsl:param name="measure" as="element()"/>
    <xsl:variable name="m" select="analyze-string(string($measure), '(\d[\d,]*(\.\d+)?)\s*(–|-|—|to)\s*(\d[\d,]*(\.\d+)?)')/fn:match[1]"
                  xmlns:fn="http://www.w3.org/2005/xpath-functions"/>
    <xsl:variable name="a" select="$m/fn:group[@nr = 1] ! xs:double(translate(., ',', ''))" xmlns:fn="http://www.w3.org/2005/xpath-functions"/>
    <xsl:variable name="b" select="$m/fn:group[@nr = 4] ! xs:double(translate(., ',', ''))" xmlns:fn="http://www.w3.org/2005/xpath-functions"/>
    <xsl:variable name="q" select="xs:double($measure/@quantity)"/>
    <xsl:sequence select="if ($measure/@type = 'range' and exists($a) and exists($b) and $a lt $b and $a + $b gt 0)
                          then (for $scale in $q div (($a + $b) div 2) return (round($a * $scale), round($b * $scale)))
                          else ()"/>
  </xsl:function>

  <xsl:function name="f:unit-label" as="xs:string">
    <xsl:param name="unit" as="xs:string?"/>
    <xsl:sequence select="if ($unit = ('t', 'ton', 'tons', 'tonne', 'tonnes')) then 'tonnes' else string($unit)"/>
  </xsl:function>

  <!-- A horizontal bar chart. $bars: maps with 'label', 'value' (xs:double), 'text', 'href'. -->
  <xsl:template name="t:bar-chart">
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="bars" as="map(*)*"/>
    <xsl:param name="value-heading" as="xs:string"/>
    <xsl:param name="label-heading" as="xs:string" select="'Passage'"/>
    <xsl:variable name="max" select="max(($bars ! (?high, ?value)[1], 1))"/>
    <xsl:variable name="row" select="30"/>
    <xsl:variable name="label-width" select="250"/>
    <xsl:variable name="bar-width" select="300"/>
    <xsl:variable name="height" select="count($bars) * $row + 10"/>
    <figure class="chart" id="{$id}">
      <figcaption id="{$id}-title"><xsl:value-of select="$title"/></figcaption>
      <svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {$label-width + $bar-width + 120} {$height}"
           role="img" aria-labelledby="{$id}-title">
        <xsl:for-each select="$bars">
          <xsl:variable name="y" select="(position() - 1) * $row + 5"/>
          <xsl:variable name="w" select="round(?value div $max * $bar-width * 10) div 10"/>
          <g class="bar">
            <text x="{$label-width - 8}" y="{$y + 18}" text-anchor="end" class="bar-label"><xsl:value-of select="?label"/></text>
            <xsl:choose>
              <xsl:when test="exists(?low) and exists(?high)">
                <!-- a range the text states ("75-80 million tons"): drawn from its low to its high end -->
                <xsl:variable name="x1" select="round(?low div $max * $bar-width * 10) div 10"/>
                <xsl:variable name="x2" select="round(?high div $max * $bar-width * 10) div 10"/>
                <rect x="{$label-width + $x1}" y="{$y + 4}" width="{max((round(($x2 - $x1) * 10) div 10, 2))}" height="{$row - 10}" class="bar-rect bar-range"/>
                <line x1="{$label-width}" y1="{$y + 15}" x2="{$label-width + $x1}" y2="{$y + 15}" class="bar-range-lead"/>
                <text x="{$label-width + $x2 + 6}" y="{$y + 18}" class="bar-value"><xsl:value-of select="?text"/></text>
              </xsl:when>
              <xsl:otherwise>
                <rect x="{$label-width}" y="{$y + 4}" width="{$w}" height="{$row - 10}" class="bar-rect"/>
                <text x="{$label-width + $w + 6}" y="{$y + 18}" class="bar-value"><xsl:value-of select="?text"/></text>
              </xsl:otherwise>
            </xsl:choose>
          </g>
        </xsl:for-each>
      </svg>
      <details class="chart-data">
        <summary>Data</summary>
        <table>
          <thead><tr><th scope="col"><xsl:value-of select="$label-heading"/></th><th scope="col"><xsl:value-of select="$value-heading"/></th></tr></thead>
          <tbody>
            <xsl:for-each select="$bars">
              <tr>
                <td>
                  <xsl:choose>
                    <xsl:when test="?href"><a href="{?href}"><xsl:value-of select="?label"/></a></xsl:when>
                    <xsl:otherwise><xsl:value-of select="?label"/></xsl:otherwise>
                  </xsl:choose>
                </td>
                <td class="num"><xsl:value-of select="?text"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </details>
    </figure>
  </xsl:template>

  <xsl:template name="t:figures">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <!-- only what the text states: not the figures of an editor's or translator's note -->
    <xsl:variable name="measures" select="$tei/text//measure[@quantity castable as xs:double][not(ancestor::note)]"/>
    <xsl:variable name="turns" select="$tei/text//sp[@who]"/>
    <xsl:if test="exists($measures) or exists($turns)">
      <section class="figures" aria-labelledby="figures-heading">
        <h2 id="figures-heading">Figures</h2>
        <xsl:for-each-group select="$measures" group-by="string-join((@commodity, @unit), '|')">
          <xsl:variable name="commodity" select="(@commodity, 'quantities')[1]"/>
          <xsl:variable name="unit" select="f:unit-label(@unit)"/>
          <xsl:call-template name="t:bar-chart">
            <xsl:with-param name="id" select="'chart-' || f:token($commodity) || '-' || position()"/>
            <xsl:with-param name="title" select="upper-case(substring($commodity, 1, 1)) || substring($commodity, 2)
                                                 || ($unit[. ne ''] ! (' (' || . || ')')) || ': figures named in the text'"/>
            <xsl:with-param name="value-heading" select="'Quantity' || ($unit[. ne ''] ! (' (' || . || ')'))"/>
            <xsl:with-param name="bars" as="map(*)*">
              <xsl:for-each select="current-group()">
                <xsl:variable name="range" select="f:measure-range(.)"/>
                <xsl:sequence select="map:merge((map{
                  'label': f:measure-label(.),
                  'value': xs:double(@quantity),
                  'text': if (exists($range)) then format-number($range[1], '#,##0.###') || '–' || format-number($range[2], '#,##0.###')
                          else format-number(xs:double(@quantity), '#,##0.###'),
                  'href': '#' || f:anchor(.)},
                  if (exists($range)) then map{'low': $range[1], 'high': $range[2]} else ()))"
                  xmlns:map="http://www.w3.org/2005/xpath-functions/map"/>
              </xsl:for-each>
            </xsl:with-param>
          </xsl:call-template>
        </xsl:for-each-group>
        <xsl:if test="exists($turns)">
          <xsl:variable name="unsorted" as="map(*)*">
            <xsl:for-each-group select="$turns" group-by="tokenize(normalize-space(@who), ' ')[1]">
              <xsl:variable name="words" select="sum(current-group() ! f:spoken-words(.))"/>
              <xsl:sequence select="map{'label': f:speaker-name(.), 'value': xs:double($words),
                                        'text': format-number($words, '#,##0'), 'href': ''}"/>
            </xsl:for-each-group>
          </xsl:variable>
          <xsl:variable name="bars" select="sort($unsorted, (), function($m) { - $m?value })"/>
          <xsl:call-template name="t:bar-chart">
            <xsl:with-param name="id" select="'chart-words'"/>
            <xsl:with-param name="title" select="'Words spoken per participant'"/>
            <xsl:with-param name="value-heading" select="'Words'"/>
            <xsl:with-param name="label-heading" select="'Participant'"/>
            <xsl:with-param name="bars" select="$bars"/>
          </xsl:call-template>
        </xsl:if>
      </section>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
