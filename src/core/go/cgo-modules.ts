/**
 * Modules that need cgo, and what to use instead. Kept short on purpose:
 * each entry is a widely used module whose whole point is a C library, so a
 * program that uses it cannot be built with CGO_ENABLED=0 and run FROM scratch.
 */

export interface CgoModule {
  /** Import paths that pull the C library in (a path matches itself and the packages under it). */
  readonly importPaths: readonly string[];
  /** Module paths in go.mod that mean the module is used; empty when only some of its packages use cgo. */
  readonly modules: readonly string[];
  /** The C library it links. */
  readonly library: string;
  /** Pure-Go replacements, with a few words each. */
  readonly alternatives: readonly string[];
}

/**
 * What `go list -deps` says a build links: the modules of the packages it
 * compiles, and whether go list found every one of them (in vendor/ or the
 * module cache). Only a complete answer can clear a `// indirect` cgo module.
 */
export interface LinkedModules {
  readonly complete: boolean;
  readonly modules: ReadonlySet<string>;
}

export const CGO_MODULES: readonly CgoModule[] = [
  {
    importPaths: ['github.com/mattn/go-sqlite3'],
    modules: ['github.com/mattn/go-sqlite3'],
    library: 'SQLite (libsqlite3, compiled in through cgo)',
    alternatives: [
      'modernc.org/sqlite (pure Go, database/sql driver name "sqlite")',
      'github.com/ncruces/go-sqlite3 (SQLite compiled to Wasm, no cgo)',
    ],
  },
  {
    importPaths: [
      'github.com/confluentinc/confluent-kafka-go',
      'gopkg.in/confluentinc/confluent-kafka-go.v1',
    ],
    modules: [
      'github.com/confluentinc/confluent-kafka-go',
      'github.com/confluentinc/confluent-kafka-go/v2',
      'gopkg.in/confluentinc/confluent-kafka-go.v1',
    ],
    library: 'librdkafka',
    alternatives: ['github.com/twmb/franz-go (pure Go)', 'github.com/segmentio/kafka-go (pure Go)'],
  },
  {
    importPaths: ['github.com/h2non/bimg', 'github.com/davidbyttow/govips'],
    modules: ['github.com/h2non/bimg', 'github.com/davidbyttow/govips/v2'],
    library: 'libvips',
    alternatives: ['github.com/disintegration/imaging (pure Go, slower)', 'golang.org/x/image (pure Go)'],
  },
  {
    // Only this package of gopacket needs libpcap; the rest of the module is pure Go.
    importPaths: ['github.com/google/gopacket/pcap'],
    modules: [],
    library: 'libpcap',
    alternatives: ['github.com/google/gopacket/pcapgo (pure Go capture on Linux)'],
  },
  {
    importPaths: ['github.com/linxGnu/grocksdb', 'github.com/tecbot/gorocksdb'],
    modules: ['github.com/linxGnu/grocksdb', 'github.com/tecbot/gorocksdb'],
    library: 'RocksDB (librocksdb)',
    alternatives: ['github.com/cockroachdb/pebble (pure Go, RocksDB-like)'],
  },
];

function under(importPath: string, prefix: string): boolean {
  return importPath === prefix || importPath.startsWith(`${prefix}/`);
}

/** The table entry an import path belongs to, if any. */
export function cgoModuleForImport(importPath: string): CgoModule | undefined {
  return CGO_MODULES.find((entry) => entry.importPaths.some((prefix) => under(importPath, prefix)));
}

/** The table entry a go.mod requirement names, if any. */
export function cgoModuleForRequirement(modulePath: string): CgoModule | undefined {
  return CGO_MODULES.find((entry) => entry.modules.includes(modulePath));
}
