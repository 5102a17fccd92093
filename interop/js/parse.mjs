// parse.mjs <parser> <file>
//
// Reads a feed (RSS, Atom, JSON Feed) or an OPML file with one JavaScript
// parser and prints what a reader built on it would get, as one JSON
// object on stdout:
//
//   {"parser", "format", "title",
//    "items": [{"title", "link", "id", "published", "categories", "content"}],
//    "outlines": [{"text", "title", "xmlUrl", "htmlUrl", "outlines"}]}
//
// Nothing is cleaned up here: a title is printed exactly as the parser
// hands it over, so the Go test sees every change a parser makes. A parse
// error, or a parser asked for a format it does not read, exits non-zero
// with the parser's message on stderr. "content" is the item's HTML body
// where the parser hands it over as such, "" where it only gives a
// digest of it (feed-extractor).
//
// Parsers: rss-parser, rowanmanning (@rowanmanning/feed-parser),
// feedparser (npm, sax-based), feed-extractor (@extractus/feed-extractor),
// feedsmith, json (plain JSON.parse read by the JSON Feed 1.1 spec).

import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';

import { extractFromJson, extractFromXml } from '@extractus/feed-extractor';
import { parseFeed as rowanmanningParse } from '@rowanmanning/feed-parser';
import FeedParser from 'feedparser';
import { parseFeed as feedsmithParse, parseOpml } from 'feedsmith';
import RSSParser from 'rss-parser';

// Which formats each parser reads; anything else is refused up front so
// a test asking for it gets a clear error rather than a parser's guess.
const PARSERS = {
	'rss-parser': { formats: ['xml'], parse: parseWithRSSParser },
	rowanmanning: { formats: ['xml'], parse: parseWithRowanmanning },
	feedparser: { formats: ['xml'], parse: parseWithFeedParser },
	'feed-extractor': { formats: ['xml', 'json'], parse: parseWithFeedExtractor },
	feedsmith: { formats: ['xml', 'json', 'opml'], parse: parseWithFeedsmith },
	json: { formats: ['json'], parse: parseWithJSON },
};

// sniff tells a JSON document from an OPML one from a feed in XML by its
// content, the way a reader that only has the bytes would.
function sniff(text) {
	const start = text.replace(/^\uFEFF/, '').trimStart();
	if (start.startsWith('{')) {
		return 'json';
	}
	if (/<opml[\s>]/.test(start.slice(0, 2048))) {
		return 'opml';
	}
	return 'xml';
}

// iso prints a date the parser gave as a Date or a string as RFC 3339 in
// UTC; a value it could not read stays as it is so the test can show it.
function iso(value) {
	if (value === undefined || value === null || value === '') {
		return '';
	}
	const date = value instanceof Date ? value : new Date(value);
	if (Number.isNaN(date.getTime())) {
		return String(value);
	}
	return date.toISOString();
}

// text reads the string out of the shapes XML-to-object parsers give a
// text node: a string, {"#text": ...}, {"@_term": ...}, {value: ...}.
function text(value) {
	if (value === undefined || value === null) {
		return '';
	}
	if (typeof value !== 'object') {
		return String(value);
	}
	for (const key of ['#text', '@_term', 'term', 'label', 'value', 'name', '_']) {
		if (key in value) {
			return text(value[key]);
		}
	}
	return JSON.stringify(value);
}

function list(value) {
	if (value === undefined || value === null) {
		return [];
	}
	return (Array.isArray(value) ? value : [value]).map(text);
}

function item(title, link, id, published, categories, content) {
	return {
		title: text(title),
		link: text(link),
		id: text(id),
		published: iso(published),
		categories: list(categories),
		content: text(content),
	};
}

async function parseWithRSSParser(source) {
	const feed = await new RSSParser().parseString(source);
	return {
		title: feed.title,
		items: feed.items.map((i) => item(i.title, i.link, i.guid ?? i.id, i.isoDate ?? i.pubDate, i.categories, i['content:encoded'] ?? i.content)),
	};
}

function parseWithRowanmanning(source) {
	const feed = rowanmanningParse(source);
	return {
		title: feed.title,
		items: feed.items.map((i) =>
			item(i.title, i.url, i.id, i.published, i.categories.map((c) => c.label ?? c.term), i.content),
		),
	};
}

function parseWithFeedParser(source) {
	return new Promise((resolve, reject) => {
		const parser = new FeedParser({ normalize: true, addmeta: false });
		const items = [];
		let meta = {};
		parser.on('error', reject);
		parser.on('meta', (m) => {
			meta = m;
		});
		parser.on('readable', () => {
			for (let i = parser.read(); i !== null; i = parser.read()) {
				items.push(item(i.title, i.link, i.guid, i.pubdate, i.categories, i.description));
			}
		});
		parser.on('end', () => resolve({ title: meta.title, items }));
		Readable.from([Buffer.from(source, 'utf8')]).pipe(parser);
	});
}

// feed-extractor drops categories by default; getExtraEntryFields hands
// over the raw entry so they can be read as the document has them.
function parseWithFeedExtractor(source, format) {
	const options = {
		descriptionMaxLen: 0,
		getExtraEntryFields: (raw) => ({ rawCategories: raw.category ?? raw.tags ?? [] }),
	};
	const feed = format === 'json' ? extractFromJson(source, options) : extractFromXml(source, options);
	return {
		title: feed.title,
		items: (feed.entries ?? []).map((i) => item(i.title, i.link, i.id, i.published, i.rawCategories)),
	};
}

function parseWithFeedsmith(source, format) {
	if (format === 'opml') {
		const opml = parseOpml(source);
		return { title: opml.head?.title, items: [], outlines: outlines(opml.body?.outlines) };
	}
	const { format: kind, feed } = feedsmithParse(source);
	switch (kind) {
		case 'rss':
			return {
				title: feed.title,
				items: (feed.items ?? []).map((i) =>
					item(i.title, i.link, i.guid?.value ?? i.guid, i.pubDate, (i.categories ?? []).map((c) => c.name), i.content?.encoded),
				),
			};
		case 'atom':
			return {
				title: feed.title,
				items: (feed.entries ?? []).map((e) =>
					item(e.title, alternate(e.links), e.id, e.published ?? e.updated, (e.categories ?? []).map((c) => c.label ?? c.term), e.content),
				),
			};
		case 'json':
			return {
				title: feed.title,
				items: (feed.items ?? []).map((i) => item(i.title, i.url, i.id, i.date_published, i.tags, i.content_html)),
			};
	}
	throw new Error(`feedsmith read the document as ${kind}, not RSS, Atom or JSON Feed`);
}

function alternate(links) {
	const all = links ?? [];
	const link = all.find((l) => (l.rel ?? 'alternate') === 'alternate') ?? all[0];
	return link?.href ?? '';
}

function outlines(list) {
	return (list ?? []).map((o) => ({
		text: o.text ?? '',
		title: o.title ?? '',
		xmlUrl: o.xmlUrl ?? '',
		htmlUrl: o.htmlUrl ?? '',
		outlines: outlines(o.outlines),
	}));
}

// parseWithJSON is a JSON Feed reader in a dozen lines, as many sites
// write one: JSON.parse and the field names of the spec.
function parseWithJSON(source) {
	const feed = JSON.parse(source);
	if (!String(feed.version ?? '').startsWith('https://jsonfeed.org/version/1')) {
		throw new Error(`not a JSON Feed: version ${JSON.stringify(feed.version)}`);
	}
	if (!Array.isArray(feed.items)) {
		throw new Error('not a JSON Feed: items is not an array');
	}
	return {
		title: feed.title,
		items: feed.items.map((i) => item(i.title, i.url, i.id, i.date_published, i.tags, i.content_html)),
	};
}

async function main() {
	const { positionals } = parseArgs({ allowPositionals: true });
	if (positionals.length !== 2) {
		throw new Error(`usage: parse.mjs <${Object.keys(PARSERS).join('|')}> <file>`);
	}
	const [name, file] = positionals;
	const parser = PARSERS[name];
	if (!parser) {
		throw new Error(`unknown parser ${JSON.stringify(name)}; known: ${Object.keys(PARSERS).join(', ')}`);
	}
	const source = await readFile(file, 'utf8');
	const format = sniff(source);
	if (!parser.formats.includes(format)) {
		throw new Error(`${name} does not read ${format} documents (${file})`);
	}
	const out = await parser.parse(source, format);
	process.stdout.write(
		`${JSON.stringify({ parser: name, format, title: text(out.title), items: out.items, outlines: out.outlines ?? [] })}\n`,
	);
}

main().catch((err) => {
	process.stderr.write(`parse.mjs: ${err?.stack ?? err}\n`);
	process.exit(1);
});
