/** CRC-32 (IEEE 802.3), as the ZIP format checks each file with. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

export function crc32(data: Buffer): number {
	let crc = 0xffffffff;
	for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

/** The MS-DOS time and date fields of a ZIP entry (local time of the zone UTC). */
function dosTime(time: number): { time: number; date: number } {
	const d = new Date(time);
	return {
		time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
		date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
	};
}

/**
 * A ZIP archive of the given files, stored without compression: a real archive any unzip tool
 * opens, made with Node built-ins only.
 */
export function zipArchive(files: Array<{ name: string; content: Buffer }>, time: number): Buffer {
	const { time: mtime, date: mdate } = dosTime(time);
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const { name, content } of files) {
		const nameBytes = Buffer.from(name, 'utf8');
		const crc = crc32(content);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4); // version needed
		local.writeUInt16LE(0x0800, 6); // UTF-8 names
		local.writeUInt16LE(0, 8); // stored
		local.writeUInt16LE(mtime, 10);
		local.writeUInt16LE(mdate, 12);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(content.length, 18);
		local.writeUInt32LE(content.length, 22);
		local.writeUInt16LE(nameBytes.length, 26);
		local.writeUInt16LE(0, 28);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4); // made by
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(0x0800, 8);
		central.writeUInt16LE(0, 10);
		central.writeUInt16LE(mtime, 12);
		central.writeUInt16LE(mdate, 14);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(content.length, 20);
		central.writeUInt32LE(content.length, 24);
		central.writeUInt16LE(nameBytes.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, nameBytes, content);
		centrals.push(central, nameBytes);
		offset += local.length + nameBytes.length + content.length;
	}
	const directory = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(files.length, 8);
	end.writeUInt16LE(files.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, directory, end]);
}

/** The files of a stored (uncompressed) ZIP archive, as zipArchive writes them; for tests. */
export function unzipStored(archive: Buffer): Array<{ name: string; content: Buffer }> {
	const files: Array<{ name: string; content: Buffer }> = [];
	let at = 0;
	while (archive.readUInt32LE(at) === 0x04034b50) {
		const size = archive.readUInt32LE(at + 18);
		const nameLength = archive.readUInt16LE(at + 26);
		const extra = archive.readUInt16LE(at + 28);
		const name = archive.subarray(at + 30, at + 30 + nameLength).toString('utf8');
		const start = at + 30 + nameLength + extra;
		const content = archive.subarray(start, start + size);
		if (crc32(content) !== archive.readUInt32LE(at + 14)) throw new Error(`Bad CRC for ${name}`);
		files.push({ name, content });
		at = start + size;
	}
	return files;
}
