package brief

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strings"
)

// Formats of Write.
var Formats = []string{"md", "html", "docx"}

// Write writes the briefing as Markdown ("md"), a standalone HTML page
// ("html") or a Word document ("docx").
func Write(w io.Writer, b *Brief, format string) error {
	blocks := b.Blocks()
	switch format {
	case "md", "markdown":
		return writeMarkdown(w, blocks)
	case "html":
		return writeHTML(w, blocks, true)
	case "docx":
		return writeDOCX(w, blocks)
	}
	return fmt.Errorf("brief: unknown format %q (md, html or docx)", format)
}

// HTML is the briefing as an HTML fragment (for a page of the dashboard).
func HTML(b *Brief) (template.HTML, error) {
	var buf bytes.Buffer
	if err := writeHTML(&buf, b.Blocks(), false); err != nil {
		return "", err
	}
	// Written by html/template below: every text and link is escaped.
	return template.HTML(buf.String()), nil
}

func mdEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", "&lt;", "\n", " ")
	return r.Replace(s)
}

func mdRuns(runs []Run) string {
	var b strings.Builder
	for _, r := range runs {
		if r.Link != "" {
			fmt.Fprintf(&b, "[%s](%s)", mdEscape(r.Text), strings.NewReplacer("(", "%28", ")", "%29", " ", "%20").Replace(r.Link))
		} else {
			b.WriteString(mdEscape(r.Text))
		}
	}
	return b.String()
}

func writeMarkdown(w io.Writer, blocks []Block) error {
	var b strings.Builder
	for _, bl := range blocks {
		switch bl.Kind {
		case Title:
			b.WriteString("# " + mdRuns(bl.Runs) + "\n\n")
		case Heading:
			b.WriteString("## " + mdRuns(bl.Runs) + "\n\n")
		case Heading3:
			b.WriteString("### " + mdRuns(bl.Runs) + "\n\n")
		case Paragraph:
			b.WriteString(mdRuns(bl.Runs) + "\n\n")
		case Table:
			for i, row := range bl.Rows {
				b.WriteString("|")
				for _, c := range row {
					b.WriteString(" " + mdRuns(c) + " |")
				}
				b.WriteString("\n")
				if i == 0 {
					b.WriteString("|" + strings.Repeat(" --- |", len(row)) + "\n")
				}
			}
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// htmlBlocks writes the blocks; html/template escapes every text and
// checks every link.
var htmlBlocks = template.Must(template.New("brief").Parse(`{{define "runs"}}{{range .}}{{if .Link}}<a href="{{.Link}}">{{.Text}}</a>{{else}}{{.Text}}{{end}}{{end}}{{end}}
{{- if .Page}}<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{template "runs" .Title}}</title>
<style>body{font-family:"Noto Serif CJK SC","SimSun",serif;max-width:60em;margin:2em auto;line-height:1.6}table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #999;padding:.2em .5em}h1{text-align:center;font-size:1.5em}</style>
</head><body>
{{end}}<article class="brief" id="brief">
{{range .Blocks}}{{if eq .Kind "title"}}<h1>{{template "runs" .Runs}}</h1>
{{else if eq .Kind "heading"}}<h2>{{template "runs" .Runs}}</h2>
{{else if eq .Kind "heading3"}}<h3>{{template "runs" .Runs}}</h3>
{{else if eq .Kind "paragraph"}}<p>{{template "runs" .Runs}}</p>
{{else if eq .Kind "table"}}<table>{{range $i, $r := .Rows}}<tr>{{range $r}}{{if eq $i 0}}<th>{{template "runs" .}}</th>{{else}}<td>{{template "runs" .}}</td>{{end}}{{end}}</tr>{{end}}</table>
{{end}}{{end}}</article>
{{if .Page}}</body></html>
{{end}}`))

func writeHTML(w io.Writer, blocks []Block, page bool) error {
	var title []Run
	if len(blocks) > 0 {
		title = blocks[0].Runs
	}
	return htmlBlocks.Execute(w, struct {
		Page   bool
		Title  []Run
		Blocks []Block
	}{page, title, blocks})
}
