// GatewayService: what S3 gateways need from the namenode. A gateway proves it belongs to the
// cluster with the cluster secret (the same signed header datanodes use); for each access key it
// gets only the day-scoped SigV4 signing key, never the secret, plus a short session to act for
// the key's user — every namespace call it then makes is checked as that user's own.
import type { GatewayServiceHandlers } from '../../../proto/gen/cairn/namenode/GatewayService.js';
import { verifyNodeHeader } from '../../common/auth.js';
import { CairnError } from '../../common/errors.js';
import { unary } from '../../common/grpc.js';
import type { RpcContext } from './context.js';

export function gatewayService(ctx: RpcContext): GatewayServiceHandlers {
  const u = <Req, Res>(fn: Parameters<typeof unary<Req, Res>>[1]) => unary<Req, Res>(ctx.logger, fn);
  return {
    S3SigningKey: u(async (req, call) => {
      const header = call.metadata.get('x-cairn-node')[0];
      if (typeof header !== 'string') throw new CairnError('UNAUTHENTICATED', 'gateway call without a cluster signature');
      verifyNodeHeader(ctx.clusterSecret, header, ctx.clock.now());
      const session = await ctx.users.s3SigningKey(req.accessKeyId, req.date, req.region, req.service);
      return { signingKey: session.signingKey, user: session.user, sessionToken: session.sessionToken, sessionExpiresAtMs: session.expiresAtMs };
    }),
  };
}
