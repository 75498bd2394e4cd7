// What a datanode stores, by its own count: the block store's gauges on its /metrics page
// (measured from the store at scrape time), for tests and benches that check stored bytes.
export interface StoreFigures {
  blocks: number;
  /** Payload bytes of the blocks held. */
  liveBytes: number;
  /** Bytes of all segment files, records deleted but not yet compacted away included. */
  segmentBytes: number;
}

export async function storeFigures(httpAddress: string): Promise<StoreFigures> {
  const text = await (await fetch(`http://${httpAddress}/metrics`)).text();
  const gauge = (name: string): number => {
    const match = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
    if (!match) throw new Error(`${httpAddress}/metrics has no ${name}`);
    return Number(match[1]);
  };
  return { blocks: gauge('cairn_datanode_blocks'), liveBytes: gauge('cairn_datanode_live_bytes'), segmentBytes: gauge('cairn_datanode_segment_bytes') };
}

/** The figures of several datanodes added up. */
export function totalFigures(figures: readonly StoreFigures[]): StoreFigures {
  return figures.reduce((sum, f) => ({ blocks: sum.blocks + f.blocks, liveBytes: sum.liveBytes + f.liveBytes, segmentBytes: sum.segmentBytes + f.segmentBytes }), { blocks: 0, liveBytes: 0, segmentBytes: 0 });
}
