Feature: After-contact work guide
  When a chat ends, the agent enters after-contact work and the "Sample after contact work
  flow" shows the AWS-managed "After Contact Work" view. What the agent submits is saved as
  contact attributes on the guide's contact and on the customer's contact.

  Background:
    Given the flows in "features/after-contact-work/flows" are published
    And a queue "Support"
    And a routing profile "Support chat" for the queue "Support" with:
      | channel | concurrency | other channels at the same time |
      | chat    | 2           | no                              |
    And an agent "Ana" with the routing profile "Support chat"
    And agent "Ana" is available
    And a customer starts a chat on the flow "Support chat inbound"
    And the customer receives "An agent will be with you shortly"
    And agent "Ana" accepts the chat
    And the customer sends "My invoice is wrong"
    And agent "Ana" receives "My invoice is wrong"
    And agent "Ana" sends "I have corrected it. Anything else?"
    And the customer receives "I have corrected it"

  @critical
  Scenario: The agent submits the wrap-up and it is saved on both contacts
    When the customer leaves the chat
    Then agent "Ana" is in after-contact work
    And agent "Ana" is shown the after-contact-work view
    When agent "Ana" submits the after-contact-work view with:
      | Category        | Billing                         |
      | Driver          | Billing inquiries               |
      | Satisfaction    | Very Satisfied                  |
      | FollowUp        | No                              |
      | Resolved        | Yes                             |
      | ModifiedSummary | Invoice corrected during chat   |
      | ContactNotes    | Customer asked for a PDF copy   |
    Then the "customer chat" has the attributes:
      | Category        | Billing                         |
      | Driver          | Billing inquiries               |
      | Satisfaction    | Very Satisfied                  |
      | FollowUp        | No                              |
      | Resolved        | Yes                             |
      | ModifiedSummary | Invoice corrected during chat   |
      | ContactNotes    | Customer asked for a PDF copy   |
    And the "after-contact-work guide" has the attributes:
      | Category | Billing |
      | Resolved | Yes     |
    And the "after-contact-work guide" went through the block "Save collected data to the related contact"

  Scenario: The agent cancels the wrap-up and nothing is saved
    When the customer leaves the chat
    And agent "Ana" cancels the after-contact-work view
    Then the "customer chat" has no attribute "Category"
    And the "after-contact-work guide" took the branches:
      | block                                | branch                     |
      | e4b91d3f-dda6-4ec8-b51a-57bc96e88c52 | Condition: Equals Cancel   |
      | 930a4e8d-8727-4783-b23a-4c896387a052 | End: disconnected          |

  Scenario: The view times out after eight minutes without an answer
    When the customer leaves the chat
    Then agent "Ana" is shown the after-contact-work view
    When 8 minutes pass
    Then the "customer chat" has no attribute "Category"
