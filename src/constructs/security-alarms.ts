import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { PolicyDocument, policyDocument, toJson } from "./policy-document";
import { checkPattern, fail } from "./validation";

/** The AWS Backup calls that destroy recovery points or weaken a vault, plan or lock. */
export const BACKUP_ALARM_EVENTS: readonly string[] = Object.freeze([
  "DeleteRecoveryPoint",
  "UpdateRecoveryPointLifecycle",
  "DisassociateRecoveryPoint",
  "DeleteBackupVault",
  "PutBackupVaultAccessPolicy",
  "DeleteBackupVaultAccessPolicy",
  "PutBackupVaultLockConfiguration",
  "DeleteBackupVaultLockConfiguration",
  "UpdateBackupPlan",
  "DeleteBackupPlan",
  "DeleteBackupSelection",
]);

export interface AlarmSubscription {
  /** SNS protocol: "email", "https", "sqs", "lambda" … */
  readonly protocol: string;
  /** Address, URL or ARN for the protocol. */
  readonly endpoint: string;
}

/** One alarm: an EventBridge event pattern (the object, serialized by the construct). */
export interface SecurityAlarm {
  /** Short id, used in the rule's name. */
  readonly id: string;
  readonly description: string;
  readonly eventPattern: Record<string, unknown>;
}

export interface SecurityAlarmsProps {
  /** Who is told: every subscription gets every alarm. */
  readonly subscriptions: AlarmSubscription[];
  /** The alarms of this region. */
  readonly alarms: SecurityAlarm[];
  /**
   * Name of the SNS topic (and prefix of the rule names).
   * @default "bulkhead-alarms"
   */
  readonly topicName?: string;
  /**
   * Region of the topic and the rules (EventBridge sees the CloudTrail events of its own region:
   * global events such as console sign-in and global-endpoint STS arrive in us-east-1).
   * @default the provider's region
   */
  readonly region?: string;
  /**
   * Tags for the topic and the rules.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * EventBridge rules on CloudTrail events, each sending the event to one SNS topic whose
 * subscriptions come from the configuration; the topic policy lets only these rules publish.
 * `SecurityAlarms.breakGlassAssumed`, `.backupChanges` and `.rootSignIn` build the baseline's alarms.
 * CloudTrail must record management events (an organization or account trail).
 */
export class SecurityAlarms extends Construct {
  /** A break-glass role was assumed. */
  static breakGlassAssumed(roleArn: string): SecurityAlarm {
    return {
      id: "break-glass-assumed",
      description: "bulkhead: the break-glass backup deleter was assumed",
      eventPattern: {
        source: ["aws.sts"],
        "detail-type": ["AWS API Call via CloudTrail"],
        detail: { eventName: ["AssumeRole"], requestParameters: { roleArn: [roleArn] } },
      },
    };
  }

  /** A recovery point deleted, or a vault, its policy, its lock or a plan changed. */
  static backupChanges(): SecurityAlarm {
    return {
      id: "backup-changed",
      description: "bulkhead: a recovery point was deleted or a backup vault, lock, policy or plan changed",
      eventPattern: {
        source: ["aws.backup"],
        "detail-type": ["AWS API Call via CloudTrail"],
        detail: { eventName: [...BACKUP_ALARM_EVENTS] },
      },
    };
  }

  /** The account's root user signed in to the console. */
  static rootSignIn(): SecurityAlarm {
    return {
      id: "root-sign-in",
      description: "bulkhead: the root user signed in",
      eventPattern: {
        "detail-type": ["AWS Console Sign In via CloudTrail"],
        detail: { userIdentity: { type: ["Root"] } },
      },
    };
  }

  readonly topic: SnsTopic;
  readonly topicArn: string;
  readonly rules: CloudwatchEventRule[];
  readonly topicPolicy: PolicyDocument;

  constructor(scope: Construct, id: string, props: SecurityAlarmsProps) {
    super(scope, id);
    const topicName = props.topicName ?? "bulkhead-alarms";
    checkPattern(this, "topicName", topicName, /^[A-Za-z0-9_-]{1,200}$/, "an SNS topic name");
    if (props.subscriptions.length === 0) {
      fail(this, "subscriptions", "must name someone to tell (an alarm nobody receives is no alarm)");
    }
    if (props.alarms.length === 0) fail(this, "alarms", "must list at least one alarm");
    for (const s of props.subscriptions) {
      checkPattern(
        this,
        "subscriptions[].protocol",
        s.protocol,
        /^(email|email-json|https?|sqs|lambda|sms|firehose)$/,
        "an SNS protocol",
      );
      if (s.endpoint.length === 0) fail(this, "subscriptions[].endpoint", "must not be empty");
    }
    this.topic = new SnsTopic(this, "topic", { name: topicName, region: props.region, tags: props.tags });
    this.topicArn = this.topic.arn;
    this.rules = props.alarms.map((alarm) => {
      checkPattern(this, "alarms[].id", alarm.id, /^[a-z0-9-]{1,40}$/, "a short lower-case id");
      const rule = new CloudwatchEventRule(this, alarm.id, {
        name: `${topicName}-${alarm.id}`,
        description: alarm.description,
        eventPattern: JSON.stringify(alarm.eventPattern),
        region: props.region,
        tags: props.tags,
      });
      new CloudwatchEventTarget(this, `${alarm.id}-target`, {
        rule: rule.name,
        arn: this.topic.arn,
        targetId: "sns",
        region: props.region,
      });
      return rule;
    });
    this.topicPolicy = policyDocument({
      Sid: "AllowTheAlarmRulesToPublish",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sns:Publish",
      Resource: this.topic.arn,
      Condition: { ArnEquals: { "aws:SourceArn": this.rules.map((rule) => rule.arn) } },
    });
    new SnsTopicPolicy(this, "topic-policy", {
      arn: this.topic.arn,
      policy: toJson(this.topicPolicy),
      region: props.region,
    });
    props.subscriptions.forEach((s, index) => {
      new SnsTopicSubscription(this, `subscription-${index}`, {
        topicArn: this.topic.arn,
        protocol: s.protocol,
        endpoint: s.endpoint,
        region: props.region,
      });
    });
  }
}
