// The real action asks ECR for an authorization token with the configured credentials; the
// registry is that of the credentials' account. The password is a value the test can predict.
const fs = require('fs');
const key = process.env.AWS_ACCESS_KEY_ID || '';
const region = process.env.AWS_REGION || '';
const account = key.startsWith('standin-key-for-') ? key.slice('standin-key-for-'.length) : '';
if (!account || !region) {
  console.error('Credentials could not be loaded, please check your action inputs');
  process.exit(1);
}
const registry = `${account}.dkr.ecr.${region}.amazonaws.com`;
const suffix = registry.replace(/[^a-zA-Z0-9_]+/g, '_');
fs.appendFileSync(
  process.env.GITHUB_OUTPUT,
  `registry=${registry}\ndocker_username_${suffix}=AWS\ndocker_password_${suffix}=ecr-password-for-${registry}\n`,
);
