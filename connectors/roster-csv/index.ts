import { ConnectorOptions, type ConnectorModule } from '../../src/connectors/contract.js';
import { parseRoster } from './parse.js';
import { PRESETS } from './presets.js';

const rosterCsv: ConnectorModule = {
  load(setup) {
    const options = new ConnectorOptions(setup);
    const presets = options.stringList('presets', Object.keys(PRESETS));
    for (const preset of presets) {
      if (!(preset in PRESETS)) options.problems.push(`option "presets": unknown preset "${preset}" (known: ${Object.keys(PRESETS).join(', ')})`);
    }
    return options.result(() => ({
      protocol: 'roster',
      presets,
      parse(text, preset) {
        const chosen = presets.includes(preset) ? PRESETS[preset] : undefined;
        if (!chosen) return { records: [], problems: [{ line: 1, problem: 'unreadable' }] };
        return parseRoster(text, chosen);
      },
    }));
  },
};

export default rosterCsv;
