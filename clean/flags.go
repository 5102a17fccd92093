package clean

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
		{skipContentOf, fSkipWhenDropped}, {rawTextElements, fRawText},
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

// is reports whether the element name is in any of the sets of f.
func is(name string, f elemFlags) bool { return elementFlags[name]&f != 0 }
