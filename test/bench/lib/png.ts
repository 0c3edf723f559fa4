/**
 * A small raster canvas and PNG writer (node's zlib only), with an embedded 5×7 bitmap font, so
 * that the benchmark draws its chart without a dependency.
 */
import { deflateSync } from 'node:zlib';

export type Rgb = readonly [number, number, number];

/** 5×7 glyphs, one string of 7 rows of 5 columns each ('#' = ink). Lower case is drawn as upper case. */
const GLYPHS: Record<string, string> = {
	' ': '..... ..... ..... ..... ..... ..... .....',
	A: '.###. #...# #...# ##### #...# #...# #...#',
	B: '####. #...# #...# ####. #...# #...# ####.',
	C: '.###. #...# #.... #.... #.... #...# .###.',
	D: '###.. #..#. #...# #...# #...# #..#. ###..',
	E: '##### #.... #.... ####. #.... #.... #####',
	F: '##### #.... #.... ####. #.... #.... #....',
	G: '.###. #...# #.... #.### #...# #...# .####',
	H: '#...# #...# #...# ##### #...# #...# #...#',
	I: '.###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.',
	J: '..### ...#. ...#. ...#. ...#. #..#. .##..',
	K: '#...# #..#. #.#.. ##... #.#.. #..#. #...#',
	L: '#.... #.... #.... #.... #.... #.... #####',
	M: '#...# ##.## #.#.# #.#.# #...# #...# #...#',
	N: '#...# #...# ##..# #.#.# #..## #...# #...#',
	O: '.###. #...# #...# #...# #...# #...# .###.',
	P: '####. #...# #...# ####. #.... #.... #....',
	Q: '.###. #...# #...# #...# #.#.# #..#. .##.#',
	R: '####. #...# #...# ####. #.#.. #..#. #...#',
	S: '.#### #.... #.... .###. ....# ....# ####.',
	T: '##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..',
	U: '#...# #...# #...# #...# #...# #...# .###.',
	V: '#...# #...# #...# #...# #...# .#.#. ..#..',
	W: '#...# #...# #...# #.#.# #.#.# #.#.# .#.#.',
	X: '#...# #...# .#.#. ..#.. .#.#. #...# #...#',
	Y: '#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..',
	Z: '##### ....# ...#. ..#.. .#... #.... #####',
	'0': '.###. #...# #..## #.#.# ##..# #...# .###.',
	'1': '..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.',
	'2': '.###. #...# ....# ...#. ..#.. .#... #####',
	'3': '##### ...#. ..#.. ...#. ....# #...# .###.',
	'4': '...#. ..##. .#.#. #..#. ##### ...#. ...#.',
	'5': '##### #.... ####. ....# ....# #...# .###.',
	'6': '..##. .#... #.... ####. #...# #...# .###.',
	'7': '##### ....# ...#. ..#.. .#... .#... .#...',
	'8': '.###. #...# #...# .###. #...# #...# .###.',
	'9': '.###. #...# #...# .#### ....# ...#. .##..',
	'.': '..... ..... ..... ..... ..... .##.. .##..',
	',': '..... ..... ..... ..... .##.. ..#.. .#...',
	';': '..... .##.. .##.. ..... .##.. ..#.. .#...',
	"'": '..#.. ..#.. .#... ..... ..... ..... .....',
	'"': '.#.#. .#.#. ..... ..... ..... ..... .....',
	'÷': '..... ..#.. ..... ##### ..... ..#.. .....',
	'*': '..... ..#.. #.#.# .###. #.#.# ..#.. .....',
	':': '..... .##.. .##.. ..... .##.. .##.. .....',
	'/': '..... ....# ...#. ..#.. .#... #.... .....',
	'-': '..... ..... ..... ##### ..... ..... .....',
	'(': '...#. ..#.. .#... .#... .#... ..#.. ...#.',
	')': '.#... ..#.. ...#. ...#. ...#. ..#.. .#...',
	'%': '##... ##..# ...#. ..#.. .#... #..## ...##',
	'=': '..... ..... ##### ..... ##### ..... .....',
	'+': '..... ..#.. ..#.. ##### ..#.. ..#.. .....',
	'<': '...#. ..#.. .#... #.... .#... ..#.. ...#.',
	'>': '.#... ..#.. ...#. ....# ...#. ..#.. .#...',
	'×': '..... #...# .#.#. ..#.. .#.#. #...# .....',
	_: '..... ..... ..... ..... ..... ..... #####',
	'[': '.###. .#... .#... .#... .#... .#... .###.',
	']': '.###. ...#. ...#. ...#. ...#. ...#. .###.',
	'·': '..... ..... ..... ..#.. ..... ..... .....',
	'?': '.###. #...# ....# ...#. ..#.. ..... ..#..',
	'⌈': '.###. .#... .#... .#... .#... .#... .#...',
	'⌉': '.###. ...#. ...#. ...#. ...#. ...#. ...#.',
	'≤': '...#. ..#.. .#... ..#.. ...#. ..... #####',
};

const GLYPH_WIDTH = 5;
const GLYPH_HEIGHT = 7;

const FONT = new Map<string, boolean[][]>(
	Object.entries(GLYPHS).map(([char, rows]) => [
		char,
		rows.split(' ').map((row) => [...row].map((cell) => cell === '#')),
	]),
);

function glyph(char: string): boolean[][] {
	return FONT.get(char) ?? FONT.get(char.toUpperCase()) ?? FONT.get('?')!;
}

export class Canvas {
	readonly pixels: Uint8Array;

	constructor(
		readonly width: number,
		readonly height: number,
		background: Rgb = [255, 255, 255],
	) {
		this.pixels = new Uint8Array(width * height * 3);
		this.fillRect(0, 0, width, height, background);
	}

	setPixel(x: number, y: number, color: Rgb): void {
		const px = Math.round(x);
		const py = Math.round(y);
		if (px < 0 || py < 0 || px >= this.width || py >= this.height) return;
		const offset = (py * this.width + px) * 3;
		this.pixels[offset] = color[0];
		this.pixels[offset + 1] = color[1];
		this.pixels[offset + 2] = color[2];
	}

	fillRect(x: number, y: number, width: number, height: number, color: Rgb): void {
		const x0 = Math.max(0, Math.round(x));
		const y0 = Math.max(0, Math.round(y));
		const x1 = Math.min(this.width, Math.round(x + width));
		const y1 = Math.min(this.height, Math.round(y + height));
		for (let py = y0; py < y1; py++) {
			for (let px = x0; px < x1; px++) {
				const offset = (py * this.width + px) * 3;
				this.pixels[offset] = color[0];
				this.pixels[offset + 1] = color[1];
				this.pixels[offset + 2] = color[2];
			}
		}
	}

	strokeRect(x: number, y: number, width: number, height: number, color: Rgb): void {
		this.line(x, y, x + width, y, color);
		this.line(x, y + height, x + width, y + height, color);
		this.line(x, y, x, y + height, color);
		this.line(x + width, y, x + width, y + height, color);
	}

	/** A line of the given thickness (Bresenham, thickened by squares); `dash`: on/off lengths in pixels. */
	line(
		x0: number,
		y0: number,
		x1: number,
		y1: number,
		color: Rgb,
		thickness = 1,
		dash?: [number, number],
	): void {
		const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
		const half = Math.floor(thickness / 2);
		for (let i = 0; i <= steps; i++) {
			if (dash && i % (dash[0] + dash[1]) >= dash[0]) continue;
			const x = x0 + ((x1 - x0) * i) / steps;
			const y = y0 + ((y1 - y0) * i) / steps;
			if (thickness <= 1) this.setPixel(x, y, color);
			else this.fillRect(Math.round(x) - half, Math.round(y) - half, thickness, thickness, color);
		}
	}

	/** Width in pixels of a text at a scale. */
	static textWidth(text: string, scale = 1): number {
		return text.length === 0 ? 0 : ([...text].length * (GLYPH_WIDTH + 1) - 1) * scale;
	}

	static textHeight(scale = 1): number {
		return GLYPH_HEIGHT * scale;
	}

	/** Draws text with its top-left corner at (x, y); `align` places x at the start, centre or end. */
	text(
		text: string,
		x: number,
		y: number,
		color: Rgb,
		scale = 1,
		align: 'left' | 'center' | 'right' = 'left',
	): void {
		const width = Canvas.textWidth(text, scale);
		let cursor = align === 'left' ? x : align === 'center' ? x - width / 2 : x - width;
		cursor = Math.round(cursor);
		for (const char of text) {
			const rows = glyph(char);
			for (let row = 0; row < GLYPH_HEIGHT; row++) {
				for (let column = 0; column < GLYPH_WIDTH; column++) {
					if (rows[row][column])
						this.fillRect(cursor + column * scale, y + row * scale, scale, scale, color);
				}
			}
			cursor += (GLYPH_WIDTH + 1) * scale;
		}
	}

	/** Text rotated 90° counter-clockwise (reads bottom to top), centred vertically on y. */
	verticalText(text: string, x: number, y: number, color: Rgb, scale = 1): void {
		const length = Canvas.textWidth(text, scale);
		let cursor = Math.round(y + length / 2);
		for (const char of text) {
			const rows = glyph(char);
			for (let row = 0; row < GLYPH_HEIGHT; row++) {
				for (let column = 0; column < GLYPH_WIDTH; column++) {
					if (rows[row][column])
						this.fillRect(x + row * scale, cursor - (column + 1) * scale, scale, scale, color);
				}
			}
			cursor -= (GLYPH_WIDTH + 1) * scale;
		}
	}

	toPng(): Buffer {
		return encodePng(this.width, this.height, this.pixels);
	}
}

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

function crc32(data: Buffer): number {
	let crc = 0xffffffff;
	for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(typeAndData));
	return Buffer.concat([length, typeAndData, crc]);
}

/** An 8-bit RGB PNG of the pixels (row-major, 3 bytes a pixel). */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // colour type: RGB
	header[10] = 0; // compression
	header[11] = 0; // filter
	header[12] = 0; // no interlace
	const stride = width * 3;
	const raw = Buffer.alloc((stride + 1) * height);
	for (let y = 0; y < height; y++) {
		raw[y * (stride + 1)] = 0; // filter: none
		Buffer.from(rgb.buffer, rgb.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
	}
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(raw, { level: 9 })),
		chunk('IEND', Buffer.alloc(0)),
	]);
}
