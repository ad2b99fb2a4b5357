import { expect } from 'chai';
import { DumpScanner } from '../../src/backup/dump-scanner.js';
import { clientConnection } from '../../src/backup/mariadb-client.js';
import { CAPTURED_COLUMNS, SnapshotFactsCollector } from '../../src/backup/snapshot-facts.js';

function scan(dump: string) {
  const collector = new SnapshotFactsCollector();
  const scanner = new DumpScanner(CAPTURED_COLUMNS, collector);
  for (const line of dump.split('\n')) scanner.line(line);
  return { scanner, facts: collector.facts(scanner.tableCounts()) };
}

const MEDIUM_TABLE = [
  'CREATE TABLE `portfolio_medium` (',
  '  `id` varchar(36) NOT NULL,',
  "  `fileName` varchar(120) NOT NULL DEFAULT 'a;b',",
  '  `originalKey` varchar(200) NOT NULL,',
  '  `screenKey` varchar(200) DEFAULT NULL,',
  '  `thumbnailKey` varchar(200) DEFAULT NULL,',
  '  PRIMARY KEY (`id`)',
  ') ENGINE=InnoDB;',
];

describe('mariadb-dump scanner', () => {
  it('counts the tuples of each table, one per line or many on one line, whatever the strings hold', () => {
    const { scanner, facts } = scan(
      [
        ...MEDIUM_TABLE,
        'CREATE TABLE `empty_one` (',
        '  `id` int NOT NULL',
        ');',
        'INSERT INTO `portfolio_medium` VALUES',
        "('1','it\\'s (a), \\\"test\\\";\\n','schools/s/media/a/original.jpg','schools/s/media/a/screen.jpg',NULL),",
        "('2','don''t ),(','schools/s/media/b/original.pdf',NULL,NULL);",
        "INSERT INTO `portfolio_medium` VALUES ('3','x\\\\','schools/s/media/c/original.wav',NULL,NULL),('4',_binary 'y)','schools/s/media/d/original.mp4',NULL,NULL);",
        'CREATE TABLE `schema_migration` (',
        '  `id` int(11) NOT NULL AUTO_INCREMENT,',
        '  `timestamp` bigint(20) NOT NULL,',
        '  `name` varchar(255) NOT NULL,',
        ');',
        "INSERT INTO `schema_migration` VALUES (1,1763800000000,'Foundation1763800000000'),(2,1764000000000,'Identity1764000000000');",
        '-- Dump completed on 2026-12-07 14:07:50',
      ].join('\n'),
    );
    expect(scanner.completed).to.equal(true);
    expect(facts.tables).to.deep.equal({ empty_one: 0, portfolio_medium: 4, schema_migration: 2 });
    expect(facts.migrations).to.deep.equal(['Foundation1763800000000', 'Identity1764000000000']);
    expect(facts.referencedKeys).to.deep.equal([
      'schools/s/media/a/original.jpg',
      'schools/s/media/a/screen.jpg',
      'schools/s/media/b/original.pdf',
      'schools/s/media/c/original.wav',
      'schools/s/media/d/original.mp4',
    ]);
  });

  it('notices a dump cut before its end', () => {
    const { scanner } = scan([...MEDIUM_TABLE, "INSERT INTO `portfolio_medium` VALUES ('1','a','k',NULL,NULL);"].join('\n'));
    expect(scanner.completed).to.equal(false);
  });
});

describe('MariaDB client connection', () => {
  it('gives the password through MYSQL_PWD, never as an argument', () => {
    const connection = clientConnection('mysql://backup%40ops:s3cr%C3%A9t%20pw@db.example.org:3307/ecarnet', 'ecarnet');
    expect(connection.args).to.deep.equal(['--host=db.example.org', '--port=3307', '--protocol=TCP', '--user=backup@ops']);
    expect(connection.args.join(' ')).not.to.include('s3cr');
    expect(connection.env.MYSQL_PWD).to.equal('s3crét pw');
    expect(clientConnection('mysql://root@127.0.0.1/ecarnet', 'ecarnet').env.MYSQL_PWD).to.equal(undefined);
  });
});
