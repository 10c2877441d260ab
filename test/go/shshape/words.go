// The -words mode of shshape: the simple commands of a script and their
// words after quote removal, as POSIX sh (mvdan.cc/sh) parses them. It is the
// reference the splitShell property test (test/shell-differential.test.ts)
// compares the converter's own splitter with. A `$` expansion is kept as
// written, as the splitter keeps it; what the splitter does not follow
// (substitutions, compound commands, redirections) is named in "unsupported".
// Each answer is a JSON string holding {"commands": [[word, ...], ...],
// "unsupported": [...]}, or {"error": "..."} when the script does not parse.
package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

type result struct {
	Commands    [][]string `json:"commands"`
	Unsupported []string   `json:"unsupported"`
	Error       string     `json:"error,omitempty"`
}

func words(script string) result {
	file, err := syntax.NewParser(syntax.Variant(syntax.LangPOSIX)).Parse(strings.NewReader(script), "")
	if err != nil {
		return result{Error: err.Error()}
	}
	r := result{Commands: [][]string{}, Unsupported: []string{}}
	for _, stmt := range file.Stmts {
		r.stmt(stmt, script)
	}
	return r
}

func (r *result) unsupported(what string) {
	r.Unsupported = append(r.Unsupported, what)
}

func (r *result) stmt(stmt *syntax.Stmt, src string) {
	if stmt.Negated {
		r.unsupported("negation")
	}
	if len(stmt.Redirs) > 0 {
		r.unsupported("redirection")
	}
	switch cmd := stmt.Cmd.(type) {
	case nil:
	case *syntax.CallExpr:
		words := []string{}
		for _, assign := range cmd.Assigns {
			value := ""
			if assign.Value != nil {
				value = r.word(assign.Value, src)
			}
			words = append(words, assign.Name.Value+"="+value)
		}
		for _, arg := range cmd.Args {
			words = append(words, r.word(arg, src))
		}
		r.Commands = append(r.Commands, words)
	case *syntax.BinaryCmd:
		r.stmt(cmd.X, src)
		r.stmt(cmd.Y, src)
	default:
		r.unsupported(fmt.Sprintf("%T", cmd))
	}
}

// word is the word's value after quote removal, with expansions as written.
func (r *result) word(word *syntax.Word, src string) string {
	var b strings.Builder
	for _, part := range word.Parts {
		switch part := part.(type) {
		case *syntax.Lit:
			b.WriteString(unescape(part.Value, func(byte) bool { return true }))
		case *syntax.SglQuoted:
			if part.Dollar {
				r.unsupported("$'...'")
			}
			b.WriteString(part.Value)
		case *syntax.DblQuoted:
			if part.Dollar {
				r.unsupported(`$"..."`)
			}
			for _, inner := range part.Parts {
				switch inner := inner.(type) {
				case *syntax.Lit:
					b.WriteString(unescape(inner.Value, func(c byte) bool { return strings.IndexByte("$`\"\\", c) >= 0 }))
				case *syntax.ParamExp:
					b.WriteString(src[inner.Pos().Offset():inner.End().Offset()])
				default:
					r.unsupported(fmt.Sprintf("%T", inner))
				}
			}
		case *syntax.ParamExp:
			b.WriteString(src[part.Pos().Offset():part.End().Offset()])
		default:
			r.unsupported(fmt.Sprintf("%T", part))
		}
	}
	return b.String()
}

// unescape removes the backslash before the characters it escapes there, and a backslash-newline.
func unescape(text string, escapes func(byte) bool) string {
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		if text[i] == '\\' && i+1 < len(text) {
			if text[i+1] == '\n' {
				i++
				continue
			}
			if escapes(text[i+1]) {
				i++
			}
		}
		b.WriteByte(text[i])
	}
	return b.String()
}

// wordsJSON is words' answer, encoded for the line protocol.
func wordsJSON(script string) string {
	encoded, err := json.Marshal(words(script))
	if err != nil {
		return `{"error": "` + err.Error() + `"}`
	}
	return string(encoded)
}
