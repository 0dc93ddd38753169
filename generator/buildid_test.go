package generator

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// TestGoBuildIDOfThisBinary reads the test binary's build ID and checks
// it against the go command's own reading.
func TestGoBuildIDOfThisBinary(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("build IDs are read from ELF files only")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(exe)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got := goBuildID(f)
	if got == "" {
		t.Fatal("no build ID read from the test binary")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to compare with")
	}
	out, err := exec.Command(goCmd, "tool", "buildid", exe).Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSpace(string(out)); got != want {
		t.Errorf("goBuildID = %q, go tool buildid says %q", got, want)
	}
}

func TestGoBuildIDOfOtherFiles(t *testing.T) {
	for _, data := range []string{"", "#!/bin/sh\necho hi\n", "\x7fELF", strings.Repeat("\x00", 4096)} {
		if id := goBuildID(bytes.NewReader([]byte(data))); id != "" {
			t.Errorf("goBuildID(%q) = %q, want none", data, id)
		}
	}
}

func TestGoNoteDesc(t *testing.T) {
	note := func(name string, kind uint32, desc string, descSize int) []byte {
		var b []byte
		b = binary.LittleEndian.AppendUint32(b, uint32(len(name)))
		b = binary.LittleEndian.AppendUint32(b, uint32(descSize))
		b = binary.LittleEndian.AppendUint32(b, kind)
		b = append(b, name...)
		return append(b, desc...)
	}
	const id = "a1/b2/c3/d4"
	for _, tc := range []struct {
		what string
		note []byte
		want string
		ok   bool
	}{
		{"the go command's note", note("Go\x00\x00", 4, id, len(id)), id, true},
		{"padding after the description", note("Go\x00\x00", 4, id+"\x00\x00", len(id)), id, true},
		{"another owner", note("GNU\x00", 4, id, len(id)), "", false},
		{"another type", note("Go\x00\x00", 3, id, len(id)), "", false},
		{"a description longer than the note", note("Go\x00\x00", 4, id, len(id)+1), "", false},
		{"an empty description", note("Go\x00\x00", 4, "", 0), "", false},
		{"cut short", note("Go\x00\x00", 4, id, len(id))[:10], "", false},
	} {
		got, ok := goNoteDesc(tc.note, binary.LittleEndian)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: got %q, %t; want %q, %t", tc.what, got, ok, tc.want, tc.ok)
		}
	}
}

func TestMadeByGoCommand(t *testing.T) {
	for id, want := range map[string]bool{
		"DbhB-gfAgLTMPqHEZFlS/U8UpetKOMJi9DvRDNDw5/gevP3L6hoYpElXH17_JG/hT-qrvXnipd0_Sa2CaJK": true,
		"handmade":  false, // go build -ldflags=-buildid=handmade
		"a/b":       false,
		"a/b/c/d/e": false,
		"a//c/d":    false,
		"a/b/c/d\n": false,
		"":          false,
	} {
		if got := madeByGoCommand(id); got != want {
			t.Errorf("madeByGoCommand(%q) = %t, want %t", id, got, want)
		}
	}
}
