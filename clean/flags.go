package clean

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// elemFlags says which of the package's element sets a name is in. The
// tree walks ask several of them of every element; one lookup in
// elementFlags answers them all.
type elemFlags uint32

const (
	fBlock           elemFlags = 1 << iota // blockTags
	fSkipContent                           // skipContent
	fMedia                                 // mediaTags
	fKeepEmpty                             // keepWhenEmpty
	fSpecial                               // the parser's special elements
	fClosesP                               // start tags that close an open <p>
	fHeading                               // h1 to h6
	fVoidInBody                            // voids the parser opens and closes at once
	fDroppedVoid                           // voids prepare removes
	fRawDropped                            // raw text elements prepare removes
	fDeclined                              // elements buildTree leaves to the parser
	fFormatting                            // the parser's formatting elements
	fBlockEnd                              // end tags closed by "generate implied end tags"
	fVoid                                  // written as <x/> by the renderer
	fAllowed                               // on newPolicy's allow-list
	fNeedAttrs                             // dropped by bluemonday without an attribute
	fSkipWhenDropped                       // content dropped with the element by bluemonday
	fRawText                               // text written unescaped by the renderer
	fRenamed                               // leafBlockRename
)

var elementFlags = func() map[string]elemFlags {
	m := map[string]elemFlags{}
	for _, set := range []struct {
		names map[string]bool
		flag  elemFlags
	}{
		{blockTags, fBlock}, {skipContent, fSkipContent}, {mediaTags, fMedia}, {keepWhenEmpty, fKeepEmpty},
		{special, fSpecial}, {closesP, fClosesP}, {headings, fHeading}, {voidInBody, fVoidInBody},
		{droppedVoid, fDroppedVoid}, {rawDropped, fRawDropped}, {declined, fDeclined},
		{formatting, fFormatting}, {blockEnds, fBlockEnd}, {voidElement, fVoid}, {needAttrs, fNeedAttrs},
		{skipContentOf, fSkipWhenDropped}, {rawTextElements, fRawText}, {renamed, fRenamed},
	} {
		for n := range set.names {
			m[n] |= set.flag
		}
	}
	for n := range writerElements {
		m[n] |= fAllowed
	}
	return m
}()

// flagsOf is elementFlags[name]. The walks ask it of every node, several
// times; a Go map hashes the whole name each time, where a table keyed
// by the name's length and a few of its bytes answers with one string
// comparison, most of the time.
func flagsOf(name string) elemFlags {
	if name == "" {
		return 0
	}
	for i := flagHash(name); ; i = (i + 1) & (flagSlots - 1) {
		switch e := &flagTable[i]; e.name {
		case name:
			return e.flags
		case "":
			return 0
		}
	}
}

// flagTable holds elementFlags by open addressing; it is under a quarter
// full, so a probe for a name not in it ends soon.
var flagTable = func() (t [flagSlots]struct {
	name  string
	flags elemFlags
}) {
	for name, f := range elementFlags {
		i := flagHash(name)
		for t[i].name != "" {
			i = (i + 1) & (flagSlots - 1)
		}
		t[i].name, t[i].flags = name, f
	}
	return t
}()

const flagSlots = 512 // a power of two

// flagHash hashes a non-empty name to a slot of flagTable.
func flagHash(s string) int {
	h := uint32(len(s))*0x9e3779b1 ^ uint32(s[0])*0x85ebca6b ^ uint32(s[len(s)-1])*0xc2b2ae35 ^ uint32(s[len(s)/2])*0x27d4eb2f
	return int(h>>(32-9)) & (flagSlots - 1)
}

// nodeFlags is flagsOf(n.Data), read by n's atom when it has the one its
// name has, as buildTree and the parser give them: comparing a number
// is cheaper than comparing a name.
func nodeFlags(n *html.Node) elemFlags {
	if a := n.DataAtom; a != 0 && a.String() == n.Data {
		return atomFlags(a)
	}
	return flagsOf(n.Data)
}

// isNode reports whether n's name is in any of the sets of f.
func isNode(n *html.Node, f elemFlags) bool { return nodeFlags(n)&f != 0 }

// atomFlags is flagsOf(a.String()).
func atomFlags(a atom.Atom) elemFlags {
	for i := atomHash(a); ; i = (i + 1) & (atomSlots - 1) {
		switch e := &atomTable[i]; e.atom {
		case a:
			return e.flags
		case 0:
			return 0
		}
	}
}

// atomTable holds the flags of the names that are atoms, as flagTable.
var atomTable = func() (t [atomSlots]struct {
	atom  atom.Atom
	flags elemFlags
}) {
	for name, f := range elementFlags {
		a := atom.Lookup([]byte(name))
		if a == 0 {
			continue
		}
		i := atomHash(a)
		for t[i].atom != 0 {
			i = (i + 1) & (atomSlots - 1)
		}
		t[i].atom, t[i].flags = a, f
	}
	return t
}()

const atomSlots = 512 // a power of two

func atomHash(a atom.Atom) int {
	return int(uint32(a)*0x9e3779b1>>(32-9)) & (atomSlots - 1)
}
