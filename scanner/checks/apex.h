// Apex REST resources (@RestResource(urlMapping='…') on a class) and the package namespace of a
// Salesforce DX project (sfdx-project.json), needed to know which /services/apexrest/ paths
// exist. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/checks/facts.h"

namespace nhiscan::checks {

// Every @RestResource mapping in an Apex source file (the annotation is case-insensitive).
std::vector<ApexResource> FindRestResources(const std::string& path, std::string_view source);
// The "namespace" of sfdx-project.json; "" when the project has none.
std::string ReadSfdxNamespace(std::string_view json);
// Whether an Apex urlMapping (with '*' wildcards, case-sensitive) serves `path`.
bool MappingMatches(std::string_view mapping, std::string_view path);

}  // namespace nhiscan::checks
