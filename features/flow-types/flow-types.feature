Feature: Each flow type offers only the blocks that fit it
  Amazon Connect has nine flow types, and each offers only the blocks that fit its moment
  in a contact: the inbound flow greets and queues, the customer queue flow keeps the
  customer company in queue, hold flows play while someone is on hold, whisper flows play
  right before the agent and customer are joined, transfer flows run behind quick connects.
  A flow must be created with the right type: a block that does not fit is refused when the
  flow is published, and a flow exported as one type cannot be imported as another. Every
  connector must be connected before a flow can be published, though a draft may be saved
  unfinished. Flows and flow modules carry resource tags.

  Our flows follow the naming convention "<team> <flow type> - <purpose>", e.g.
  "Support customer queue - music and patience". Each scenario publishes its own copy under
  a unique name and deletes it afterwards, so the scenarios run against a shared instance.

  @critical
  Scenario: Loop prompts cannot be used in an inbound flow
    Then publishing the flow "rejected/loop-prompts-in-inbound.json" as an inbound flow is refused because the block "Apologise while the caller waits" is not allowed in an inbound flow

  Scenario: A customer queue flow cannot use the inbound flow's Transfer to queue
    Then publishing the flow "rejected/transfer-to-queue-in-customer-queue.json" as a customer queue flow is refused because the block "Transfer to the overflow queue" is not allowed in a customer queue flow

  Scenario: A hold flow cannot show a view
    Then publishing the flow "rejected/show-view-in-hold.json" as a customer hold flow is refused because the block "Show the callback form" is not allowed in a customer hold flow

  @critical
  Scenario: A flow exported as a customer queue flow cannot be imported as an inbound flow
    Then publishing the flow "flows/customer-queue.json" as an inbound flow is refused because the block "Play queue music" is not allowed in an inbound flow
    But publishing the flow "flows/customer-queue.json" as a customer queue flow succeeds

  @critical
  Scenario Outline: A flow cannot be published while <what is missing>
    Then publishing the flow "<flow>" as an inbound flow is refused because the block "<block>" has a branch that is not connected

    Examples:
      | flow                               | block                 | what is missing                            |
      | rejected/unconnected-branch.json   | Greet the caller      | the Success branch leads nowhere           |
      | rejected/missing-error-branch.json | Remember the language | the Error branch the block needs is absent |

  Scenario: An unfinished flow can be saved as a draft with its tags, but not published
    When the flow "rejected/unconnected-branch.json" is saved as an inbound flow draft with the tags:
      | team   | support |
      | status | draft   |
    Then the flow "rejected/unconnected-branch.json" is kept as a draft
    And the flow "rejected/unconnected-branch.json" has the tags:
      | team   | support |
      | status | draft   |
    And publishing the flow "rejected/unconnected-branch.json" as an inbound flow is refused because the block "Greet the caller" has a branch that is not connected

  Scenario Outline: Only the blocks that fit can be published in <a flow type>
    Then <a flow type> with the block "<a block that fits>" can be published
    And <a flow type> with the block "<a block that does not fit>" cannot be published

    Examples:
      | a flow type              | a block that fits      | a block that does not fit |
      | an inbound flow          | Transfer to queue      | Loop prompts              |
      | a customer queue flow    | Loop prompts           | Transfer to queue         |
      | a customer hold flow     | Loop prompts           | Play prompt               |
      | a customer whisper flow  | Play prompt            | Get customer input        |
      | an outbound whisper flow | Set recording behavior | Loop prompts              |
      | an agent hold flow       | Loop prompts           | Set recording behavior    |
      | an agent whisper flow    | Play prompt            | Check hours of operation  |
      | a transfer to agent flow | Transfer to agent      | Loop prompts              |
      | a transfer to queue flow | Transfer to queue      | Loop prompts              |

  @critical
  Scenario: A published flow carries resource tags
    When the flow "flows/customer-whisper.json" is published as a customer whisper flow with the tags:
      | team        | support |
      | cost-center | 4711    |
    Then the flow "flows/customer-whisper.json" has the tags:
      | team        | support |
      | cost-center | 4711    |
    When the flow "flows/customer-whisper.json" is tagged with:
      | owner | contact-center-ops |
    And the tag "cost-center" is removed from the flow "flows/customer-whisper.json"
    Then the flow "flows/customer-whisper.json" has the tags:
      | team  | support            |
      | owner | contact-center-ops |
    And the flow "flows/customer-whisper.json" has no tag "cost-center"

  Scenario: A flow module carries resource tags
    When the flow module "flows/module-goodbye.json" is published with the tags:
      | team | support |
    And the flow module "flows/module-goodbye.json" is tagged with:
      | reviewed | 2024-Q4 |
    Then the flow module "flows/module-goodbye.json" has the tags:
      | team     | support |
      | reviewed | 2024-Q4 |
