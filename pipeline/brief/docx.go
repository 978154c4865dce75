package brief

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// The DOCX is a WordprocessingML package written by hand with archive/zip
// and encoding/xml (the same parts package docx reads): the document, its
// styles (a title, two heading levels and a table style with borders,
// Chinese fonts), and one relationship per external link. Files carry a
// fixed time so the same briefing is the same bytes.

const (
	nsW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

// docxEpoch is the modification time of every file of the package.
var docxEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// esc escapes XML text.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

type docxWriter struct {
	body  strings.Builder
	links []string // relationship targets, rId = "rLink" + index+1
}

func (d *docxWriter) runs(runs []Run, bold bool) string {
	var b strings.Builder
	rpr := ""
	if bold {
		rpr = "<w:rPr><w:b/></w:rPr>"
	}
	for _, r := range runs {
		text := `<w:t xml:space="preserve">` + esc(r.Text) + `</w:t>`
		if r.Link == "" {
			b.WriteString("<w:r>" + rpr + text + "</w:r>")
			continue
		}
		d.links = append(d.links, r.Link)
		fmt.Fprintf(&b, `<w:hyperlink r:id="rLink%d"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>%s</w:r></w:hyperlink>`, len(d.links), text)
	}
	return b.String()
}

func (d *docxWriter) para(style string, runs []Run) {
	d.body.WriteString("<w:p>")
	if style != "" {
		d.body.WriteString(`<w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>`)
	}
	d.body.WriteString(d.runs(runs, false) + "</w:p>")
}

func (d *docxWriter) table(rows [][][]Run) {
	if len(rows) == 0 {
		return
	}
	d.body.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="BriefTable"/><w:tblW w:w="5000" w:type="pct"/></w:tblPr><w:tblGrid>`)
	for range rows[0] {
		d.body.WriteString(`<w:gridCol/>`)
	}
	d.body.WriteString(`</w:tblGrid>`)
	for i, row := range rows {
		d.body.WriteString("<w:tr>")
		if i == 0 {
			d.body.WriteString(`<w:trPr><w:tblHeader/></w:trPr>`)
		}
		for _, c := range row {
			d.body.WriteString("<w:tc><w:p>" + d.runs(c, i == 0) + "</w:p></w:tc>")
		}
		d.body.WriteString("</w:tr>")
	}
	d.body.WriteString("</w:tbl><w:p/>")
}

func writeDOCX(w io.Writer, blocks []Block) error {
	var d docxWriter
	for _, bl := range blocks {
		switch bl.Kind {
		case Title:
			d.para("Title", bl.Runs)
		case Heading:
			d.para("Heading1", bl.Runs)
		case Heading3:
			d.para("Heading2", bl.Runs)
		case Paragraph:
			d.para("", bl.Runs)
		case Table:
			d.table(bl.Rows)
		}
	}
	document := xml.Header + `<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:body>` + d.body.String() +
		`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1304" w:bottom="1440" w:left="1304" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>`
	var rels strings.Builder
	rels.WriteString(xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`)
	for i, l := range d.links {
		fmt.Fprintf(&rels, `<Relationship Id="rLink%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="%s" TargetMode="External"/>`, i+1, esc(l))
	}
	rels.WriteString(`</Relationships>`)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"docProps/core.xml", coreProps(blocks)},
		{"word/document.xml", document},
		{"word/_rels/document.xml.rels", rels.String()},
		{"word/styles.xml", styles},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: docxEpoch})
		if err != nil {
			return fmt.Errorf("brief: docx: %w", err)
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return fmt.Errorf("brief: docx: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("brief: docx: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func coreProps(blocks []Block) string {
	title := ""
	if len(blocks) > 0 {
		title = Text(blocks[0].Runs)
	}
	return xml.Header + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>` + esc(title) + `</dc:title><dc:creator>ogi</dc:creator></cp:coreProperties>`
}

const contentTypes = xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`</Types>`

const rootRels = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rDoc" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rCore" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

// styles: 仿宋 body and 黑体 headings as a 通报 is set, falling back to the
// fonts Word has.
const styles = xml.Header + `<w:styles xmlns:w="` + nsW + `">` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋"/><w:sz w:val="28"/><w:lang w:val="zh-CN" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="360" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/><w:spacing w:after="360"/></w:pPr><w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/><w:b/><w:sz w:val="40"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/><w:sz w:val="32"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:eastAsia="楷体"/><w:b/><w:sz w:val="30"/></w:rPr></w:style>` +
	`<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>` +
	`<w:style w:type="table" w:styleId="BriefTable"><w:name w:val="Brief Table"/><w:tblPr><w:tblBorders>` +
	`<w:top w:val="single" w:sz="4" w:color="000000"/><w:left w:val="single" w:sz="4" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:color="000000"/>` +
	`<w:right w:val="single" w:sz="4" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:color="000000"/>` +
	`</w:tblBorders></w:tblPr><w:rPr><w:sz w:val="21"/></w:rPr></w:style>` +
	`</w:styles>`
