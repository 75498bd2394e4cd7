// DatanodeService handlers: identity and state for operators and tools (block bytes use the
// HTTP data plane).
import type { DatanodeServiceHandlers } from '../../../proto/gen/cairn/datanode/DatanodeService.js';
import type { InfoReply } from '../../../proto/gen/cairn/datanode/InfoReply.js';
import { unary } from '../../common/grpc.js';
import type { Logger } from '../../common/logger.js';

export function datanodeService(logger: Logger, info: () => Promise<InfoReply>): DatanodeServiceHandlers {
  return { Info: unary(logger, async () => info()) };
}
