package generator

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"io"
	"strings"
)

// goBuildID returns the build ID that the go command wrote into the
// executable exe, or "" when it has none this function trusts.
//
// The go command gives every binary it links an ID of four parts
// separated by slashes, the last a hash of the binary's own bytes
// (cmd/go/internal/work/buildid.go), so two binaries with different code
// have different IDs. Reading it takes a few small reads of the file's
// headers, where hashing the whole executable (18 MB) took 14 to 17 ms of
// a first build, before any page could be read.
//
// Only ELF files are read (Linux, where the site is built and served);
// an ID given by hand (go build -ldflags=-buildid=…) has no slashes and
// is not trusted, as it need not change with the code.
func goBuildID(exe io.ReaderAt) string {
	f, err := elf.NewFile(exe)
	if err != nil {
		return ""
	}
	s := f.Section(".note.go.buildid")
	if s == nil || s.Size > 4096 {
		return ""
	}
	note, err := s.Data()
	if err != nil {
		return ""
	}
	id, ok := goNoteDesc(note, f.ByteOrder)
	if !ok || !madeByGoCommand(id) {
		return ""
	}
	return id
}

// madeByGoCommand reports whether id has the shape of the IDs the go
// command gives the binaries it links: four non-empty parts.
func madeByGoCommand(id string) bool {
	parts := strings.Split(id, "/")
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.ContainsAny(p, "\x00\n ") {
			return false
		}
	}
	return true
}

// goNoteDesc reads an ELF note of the go command's kind (name "Go",
// type 4) and returns its description.
func goNoteDesc(note []byte, order binary.ByteOrder) (string, bool) {
	if len(note) < 16 {
		return "", false
	}
	nameSize, descSize, kind := order.Uint32(note), order.Uint32(note[4:]), order.Uint32(note[8:])
	const goNoteKind = 4
	if nameSize != 4 || kind != goNoteKind || !bytes.Equal(note[12:16], []byte("Go\x00\x00")) {
		return "", false
	}
	if uint64(descSize) > uint64(len(note)-16) || descSize == 0 {
		return "", false
	}
	return string(note[16 : 16+descSize]), true
}
