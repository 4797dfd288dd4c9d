#!/bin/sh
# Regenerates the ingest test fixtures in this directory from UTF-8 text (run it here:
# sh make_fixtures.sh). The outputs are committed; the script documents how they were made.
set -eu
cd "$(dirname "$0")"

# Polish. Only characters that exist in both windows-1250 and ISO-8859-2 (no dashes or
# typographic quotes), with many of the letters the two encode differently (ą ś ź Ś Ź).
cat > polish.utf8 <<'EOF'
Województwo małopolskie - sprawozdanie z realizacji programu regionalnego

Województwo małopolskie leży w południowej Polsce, a jego stolicą jest Kraków. Środki
z funduszy unijnych przeznaczono na rozwój transportu publicznego, ochronę środowiska
i wsparcie małych przedsiębiorstw. Źródła finansowania obejmują także budżet państwa
oraz budżety samorządów gminnych i powiatowych.

W ubiegłym roku zakończono budowę ścieżek rowerowych wzdłuż Wisły, a w Tarnowie oddano
do użytku nowy dworzec autobusowy. Mieszkańcy zgłosili ponad tysiąc wniosków w ramach
budżetu obywatelskiego; najwięcej dotyczyło zieleni miejskiej, oświetlenia ulic
i bezpieczeństwa pieszych. Zażółć gęślą jaźń.
EOF

# Serbian Cyrillic, with the letters only Serbian uses (ђ ј љ њ ћ џ).
cat > serbian.utf8 <<'EOF'
Београд - главни град Републике Србије

Београд је главни и највећи град Србије. Налази се на ушћу Саве у Дунав, где се
Панонска низија спаја са Балканским полуострвом. Град има дугу и бурну историју:
кроз векове су њиме владали Келти, Римљани, Византинци, Угари и Турци.

Данас је Београд привредно, културно и образовно средиште земље. У њему се налазе
Народна скупштина, Влада, универзитет и бројни музеји. Ђаци и студенти из целе
земље долазе овде на школовање, а џиновски мостови повезују Нови Београд са старим
језгром града. Љубитељи природе радо шетају Калемегданом и обалом реке.
EOF

# German with the windows-1252 characters ISO-8859-1 lacks (euro sign, low-9 quotes).
cat > german.utf8 <<'EOF'
Größere Städte in Österreich und Deutschland: eine Übersicht

Die Bevölkerung der größeren Städte wächst seit Jahren. Für Wohnungen in München
zahlt man im Durchschnitt 22 € je Quadratmeter, in Graz deutlich weniger. „Die Mieten
steigen schneller als die Löhne“, heißt es im Bericht des Städtetages.

Außerdem fördert die Regierung den Ausbau der Straßenbahn und günstige Fahrkarten für
Schülerinnen und Schüler. Die Maßnahmen gelten zunächst für zwei Jahre.
EOF

sed 's/$/\r/' polish.utf8 | iconv -f UTF-8 -t WINDOWS-1250 > polish-windows-1250.txt
iconv -f UTF-8 -t ISO-8859-2 polish.utf8 > polish-iso-8859-2.txt
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE polish.utf8; } > polish-utf16le-bom.txt
{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE polish.utf8; } > polish-utf16be-bom.txt
cp polish.utf8 polish-utf8.txt
{ printf '\357\273\277'; cat polish.utf8; } > polish-utf8-bom.txt
iconv -f UTF-8 -t WINDOWS-1251 serbian.utf8 > serbian-windows-1251.txt
iconv -f UTF-8 -t ISO-8859-5 serbian.utf8 > serbian-iso-8859-5.txt
iconv -f UTF-8 -t WINDOWS-1252 german.utf8 > german-windows-1252.txt

# XML that declares a legacy encoding (pugixml alone would not read it).
{
    printf '<?xml version="1.0" encoding="windows-1250"?>\n<dokument xml:lang="pl">\n'
    printf '<tytul>Sprawozdanie roczne</tytul>\n<tresc>\n'
    sed 's/^$/<\/akapit><akapit>/' polish.utf8 | sed '1s/^/<akapit>/;$s/$/<\/akapit>/'
    printf '</tresc>\n</dokument>\n'
} | iconv -f UTF-8 -t WINDOWS-1250 > polish-windows-1250.xml
rm -f polish.utf8 serbian.utf8 german.utf8

# Deep nesting: 3000 <div>s, past the 2000 limit.
{
    printf '<?xml version="1.0"?>\n<doc>'
    i=0; while [ $i -lt 3000 ]; do printf '<div>'; i=$((i + 1)); done
    printf 'głęboko'
    i=0; while [ $i -lt 3000 ]; do printf '</div>'; i=$((i + 1)); done
    printf '</doc>\n'
} > deep.xml

# Binary junk with a text name: a PNG header and some IHDR-like bytes.
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\001\000\000\000\001\000\010\006\000\000\000\134\162\250\146\000\000\000\001sRGB\000\256\316\034\351' > binary.txt
: > empty.txt
