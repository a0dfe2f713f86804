using EvpnCompile.Cli.Inputs;

namespace EvpnCompile.Tests.Cli;

/// <summary>
/// The rule that decides which YAML files of a folder are evpnc inputs (README "The two commands"):
/// a file that tries to be an evpnc document is read, whatever is wrong with it; other YAML is skipped.
/// </summary>
public class InputClaimTests
{
    [Theory]
    [InlineData("apiVersion: evpnc/v1alpha1\nkind: Tenant\n")]
    [InlineData("# comment\n---\napiVersion: \"evpnc/v1alpha1\"\n")]
    [InlineData("{apiVersion: evpnc/v1alpha1, kind: Node}\n")]
    [InlineData("--- {apiVersion: evpnc/v1alpha1, kind: Node}\n")]
    [InlineData("apiVersion: EVPNC/v1\n")]                    // wrong case
    [InlineData("apiVersion: evpn/v1alpha1\nkind: Node\n")]   // typo
    [InlineData("apiVersion: evpnc/v2\n")]                    // unknown version
    [InlineData("- apiVersion: evpnc/v1alpha1\n")]            // a list of documents
    [InlineData("apiVersion: evpnc/v1alpha1\nkind: Tenant\nmetadata:\n\tname: x\n")] // bad YAML after the claim
    [InlineData("kind: Tenant\nmetadata: {name: x}\n")]       // evpnc kind, no apiVersion
    [InlineData("kind: tenant\n")]
    [InlineData("apiVersion: evpmc/v1alpha1\nkind: Fabric\n")] // evpnc kind, a group without a dot
    [InlineData("apiVersion: v1\nkind: ConfigMap\n---\nkind: Node\n")] // the second document claims
    [InlineData("kind: 'Node'\napiVersion: ''\n")]
    [InlineData("# a comment\rapiVersion: evpnc/v1alpha1\rkind: Node\r")]   // bare CR line breaks
    [InlineData("# a comment\u2028apiVersion: evpnc/v1alpha1\n")]
    public void A_file_that_tries_to_be_evpnc_is_an_input(string text) => Assert.True(InputClaim.Claims(text));

    [Theory]
    [InlineData("")]
    [InlineData("- name: Configure\n  hosts: all\n  tasks: []\n")]             // an Ansible playbook
    [InlineData("apiVersion: v1\nkind: Node\nmetadata: {name: host1}\n")]     // Kubernetes' Node
    [InlineData("apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\n")]    // another project's Tenant
    [InlineData("apiVersion: apps/v1\nkind: Deployment\n")]
    [InlineData("# apiVersion: evpnc/v1alpha1\nkey: value\n")]                 // only in a comment
    [InlineData("name: evpnc\nkind: Fabrication\n")]                          // not a kind evpnc has
    [InlineData("all:\n  children:\n    hosts: {hosts: {host1: {ansible_host: 192.0.2.1}}}\n")]
    public void Other_yaml_is_not(string text) => Assert.False(InputClaim.Claims(text));
}
