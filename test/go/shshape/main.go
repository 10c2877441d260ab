// Command shshape prints the syntax skeleton of shell scripts: the node types
// of the parsed script, with every literal value left out. Two scripts with the
// same skeleton differ only inside words, so a value spliced into one cannot
// have added a command, a quote, an expansion or a substitution.
//
// Input: one JSON string (a script) per line. Output: one JSON string per line,
// the skeleton, or "parse error: ..." when the script does not parse. With
// -words, the script's commands and words instead (words.go).
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

func skeleton(script string) string {
	file, err := syntax.NewParser(syntax.Variant(syntax.LangPOSIX)).Parse(strings.NewReader(script), "")
	if err != nil {
		return "parse error: " + err.Error()
	}
	var b strings.Builder
	depth := 0
	syntax.Walk(file, func(node syntax.Node) bool {
		if node == nil {
			depth--
			return true
		}
		fmt.Fprintf(&b, "%s%T\n", strings.Repeat(" ", depth), node)
		depth++
		return true
	})
	return b.String()
}

func main() {
	answer := skeleton
	if len(os.Args) > 1 && os.Args[1] == "-words" {
		answer = wordsJSON
	}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<22), 1<<22)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var script string
		if err := json.Unmarshal(in.Bytes(), &script); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if err := out.Encode(answer(script)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
