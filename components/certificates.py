"""ACM certificates per region and their DNS validation records, each created exactly once.

Within one account ACM gives the same validation CNAME for the same name in every region, so the
shared ``domain_name`` record is created once (taken from the home region's certificate) and each
regional name gets its own record. Two owners of one record (``allow_overwrite``) would delete it
when either is destroyed, breaking renewal for the other. Record names and values are only read
inside ``apply``; the records themselves are created outside it, so previews show them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pulumi
import pulumi_aws as aws

from .args import ApiSettings
from .computed import output_of, required
from .naming import child_name, regional_hostname

VALIDATION_TTL = 300


def regional_certificate(
    resource_prefix: str,
    region: str,
    settings: ApiSettings,
    *,
    tags: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> aws.acm.Certificate:
    """One certificate in ``region`` for the shared name plus ``<region>.<domain>``."""
    return aws.acm.Certificate(
        f"{resource_prefix}-certificate",
        domain_name=settings.domain_name,
        subject_alternative_names=[regional_hostname(region, settings.domain_name)],
        validation_method="DNS",
        tags=tags,
        opts=opts,
    )


def _record(
    options: Sequence[aws.acm.outputs.CertificateDomainValidationOption], hostname: str
) -> tuple[str, str, str]:
    """(name, type, value) of the validation record ACM asks for ``hostname``."""
    for option in options:
        if option.domain_name == hostname:
            name, kind, value = (
                option.resource_record_name,
                option.resource_record_type,
                option.resource_record_value,
            )
            if name and kind and value:
                return name, kind, value
    raise ValueError(f"the certificate has no validation record for {hostname}")


def validation_record(
    resource_name: str,
    certificate: aws.acm.Certificate,
    hostname: str,
    hosted_zone_id: str,
    opts: pulumi.ResourceOptions,
) -> aws.route53.Record:
    what = output_of(certificate, "domainValidationOptions")
    record = certificate.domain_validation_options.apply(
        lambda dvo: _record(required(dvo, what), hostname)
    )
    return aws.route53.Record(
        resource_name,
        zone_id=hosted_zone_id,
        name=record.apply(lambda r: r[0]),
        type=record.apply(lambda r: r[1]),
        records=[record.apply(lambda r: r[2])],
        ttl=VALIDATION_TTL,
        opts=opts,
    )


def validation_records(
    name: str,
    settings: ApiSettings,
    certificates: Mapping[str, aws.acm.Certificate],
    opts: pulumi.ResourceOptions,
) -> dict[str, aws.route53.Record]:
    """Hostname -> its one validation record: the shared name once, each regional name once."""
    records = {
        settings.domain_name: validation_record(
            f"{name}-cert-validation",
            certificates[settings.home_region],
            settings.domain_name,
            settings.hosted_zone_id,
            opts,
        )
    }
    for region in sorted(settings.regions):
        hostname = regional_hostname(region, settings.domain_name)
        records[hostname] = validation_record(
            f"{name}-{region}-cert-validation",
            certificates[region],
            hostname,
            settings.hosted_zone_id,
            opts,
        )
    return records


def certificate_hostnames(region: str, settings: ApiSettings) -> tuple[str, str]:
    """Every name on the region's certificate: the shared name and the regional name."""
    return settings.domain_name, regional_hostname(region, settings.domain_name)


def validated_certificates(
    name: str,
    settings: ApiSettings,
    *,
    tags: dict[str, str],
    parent: pulumi.Resource,
    regional: Mapping[str, pulumi.ProviderResource],
    on_global: pulumi.ResourceOptions,
    aliases_for: Callable[[str], Sequence[pulumi.Alias]] = lambda region: (),
) -> dict[str, pulumi.Output[str]]:
    """Region -> the ARN of its certificate once ACM has validated every name on it.

    Certificates and validations live in their region (``regional`` providers); the records are
    global. ``aliases_for(region)`` keeps the URNs these had when they were children of the
    regional component, so upgrading a deployed stack re-creates nothing.
    """
    certificates = {
        region: regional_certificate(
            f"{name}-{region}",
            region,
            settings,
            tags={**tags, "region": region},
            opts=pulumi.ResourceOptions(
                parent=parent, provider=regional[region], aliases=list(aliases_for(region))
            ),
        )
        for region in sorted(settings.regions)
    }
    records = validation_records(name, settings, certificates, on_global)
    return {
        region: aws.acm.CertificateValidation(
            child_name(name, region, "certificate-validation"),
            certificate_arn=certificate.arn,
            validation_record_fqdns=[
                records[hostname].fqdn for hostname in certificate_hostnames(region, settings)
            ],
            opts=pulumi.ResourceOptions(
                parent=parent, provider=regional[region], aliases=list(aliases_for(region))
            ),
        ).certificate_arn
        for region, certificate in certificates.items()
    }
