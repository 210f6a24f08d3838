import type { Construct } from 'constructs';
import { BoroughConfigError, type BoroughConfig } from '../shared/domain/borough-config';

/**
 * The context value naming a deployment environment other than production (e.g. `-c
 * recovery:environment=staging`): it goes into names that must be unique across all AWS accounts of a
 * region, so that a staging account never collides with production.
 */
export const ENVIRONMENT_CONTEXT = 'recovery:environment';

const PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The deployment environment from the app's context; undefined for production. */
export const environmentOf = (scope: Construct): string | undefined => {
  const value: unknown = scope.node.tryGetContext(ENVIRONMENT_CONTEXT);
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^[a-z0-9-]{1,20}$/.test(value)) {
    throw new BoroughConfigError(`context ${ENVIRONMENT_CONTEXT}`, '', 'must be 1-20 lower-case letters, digits and dashes');
  }
  return value;
};

/**
 * The Cognito hosted UI's domain prefix of a borough: global across every AWS account in the region,
 * so it carries the environment, and a borough file may name its own (`cognitoDomainPrefix`) when the
 * default is taken. Checked against Cognito's rules before anything is deployed.
 * @example cognitoDomainPrefix(cityAndHackney, 'staging') // 'recovery-nel-city-and-hackney-staging'
 */
export const cognitoDomainPrefix = (borough: BoroughConfig, environment: string | undefined): string => {
  const base = borough.cognitoDomainPrefix ?? `recovery-nel-${borough.id}`;
  const prefix = environment ? `${base}-${environment}` : base;
  if (!PREFIX.test(prefix) || /aws|amazon|cognito/.test(prefix)) {
    throw new BoroughConfigError(
      `infra/boroughs/${borough.id}.json`,
      'cognitoDomainPrefix',
      `makes "${prefix}", which Cognito refuses: at most 63 lower-case letters, digits and dashes, without "aws", "amazon" or "cognito"`,
    );
  }
  return prefix;
};
