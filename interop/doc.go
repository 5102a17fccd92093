// Package interop checks that bantin's published feeds and OPML read back
// intact in feed parsers nobody here wrote: four JavaScript parsers and a
// plain JSON.parse reader (run with node from interop/js), and gofeed. It
// holds only tests; their fixture is a real store and a real server on
// loopback, so the bytes parsed are the bytes a reader would download.
package interop
